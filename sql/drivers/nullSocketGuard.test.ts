// The guard runs in a child process: it installs a process-wide listener, and what is checked is
// whether the process survives (or not) an error thrown from a timer callback.
import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isPostgresJsNullSocketCrash } from "./nullSocketGuard.ts";

const dir = mkdtempSync(join(tmpdir(), "null-socket-guard-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The shape of postgres.js's connection.js: a buffered write flushed from setImmediate after the
// socket was nulled by closed().
const driverDir = join(dir, "node_modules", "postgres", "src");
mkdirSync(driverDir, { recursive: true });
writeFileSync(
  join(driverDir, "connection.js"),
  `export function connectionThatCloses(otherError) {
  let socket = { write: () => true };
  let chunk = Buffer.from("Q");
  function nextWrite(fn) {
    if (otherError) throw new TypeError("something else went wrong");
    const x = socket.write(chunk, fn);
    chunk = null;
    return x;
  }
  setImmediate(nextWrite);
  socket = null; // closed()
}
`,
);

function script(otherError: boolean): string {
  const file = join(dir, `main-${otherError}.ts`);
  writeFileSync(
    file,
    `import { containPostgresJsNullSocketCrash } from ${JSON.stringify(join(import.meta.dir, "nullSocketGuard.ts"))};
import { connectionThatCloses } from "./node_modules/postgres/src/connection.js";
containPostgresJsNullSocketCrash((err) => console.log("contained: " + err.message));
connectionThatCloses(${otherError});
setTimeout(() => { console.log("still running"); process.exit(0); }, 300);
`,
  );
  return file;
}

async function run(file: string) {
  const proc = Bun.spawn([process.execPath, file], { cwd: dir, stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { stdout, stderr, code };
}

describe("postgres.js null-socket crash guard", () => {
  test("the known driver crash is logged and the process keeps running", async () => {
    const r = await run(script(false));
    expect(r.stdout).toContain("contained: null is not an object (evaluating 'socket.write')");
    expect(r.stdout).toContain("still running");
    expect(r.code).toBe(0);
  });

  test("any other uncaught error still ends the process", async () => {
    const r = await run(script(true));
    expect(r.stdout).not.toContain("still running");
    expect(r.stderr).toContain("something else went wrong");
    expect(r.code).toBe(1);
  });

  test("recognises the crash by its message and the driver's frame only", () => {
    const crash = new TypeError("null is not an object (evaluating 'socket.write')");
    crash.stack = `TypeError: ${crash.message}\n    at nextWrite (/app/node_modules/postgres/src/connection.js:255:22)`;
    expect(isPostgresJsNullSocketCrash(crash)).toBe(true);
    const node = new TypeError("Cannot read properties of null (reading 'write')");
    node.stack = `TypeError: ${node.message}\n    at Immediate.nextWrite (/x/node_modules/postgres/src/connection.js:255:22)`;
    expect(isPostgresJsNullSocketCrash(node)).toBe(true);
    const elsewhere = new TypeError("null is not an object (evaluating 'socket.write')");
    elsewhere.stack = `TypeError: ${elsewhere.message}\n    at nextWrite (/app/gateway/main.ts:1:1)`;
    expect(isPostgresJsNullSocketCrash(elsewhere)).toBe(false);
    expect(isPostgresJsNullSocketCrash(new Error("socket.write"))).toBe(false);
  });
});
