// The log destination of createLogger: the lines of one event-loop turn in one write, in order.
import { expect, test } from "bun:test";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { logDestination, turnBatched } from "./logger.ts";

test("the lines of one turn reach the destination together, in order, when the turn ends", async () => {
  const writes: string[] = [];
  const dest = turnBatched({ write: (t: string) => writes.push(t) });
  dest.write("a\n");
  dest.write("b\n");
  expect(writes).toEqual([]);
  await new Promise((r) => setImmediate(r));
  expect(writes).toEqual(["a\nb\n"]);
  dest.write("c\n");
  dest.flush();
  expect(writes).toEqual(["a\nb\n", "c\n"]);
});

test("a long synchronous stretch is written as it goes, not held to the end of the turn", () => {
  const writes: string[] = [];
  const dest = turnBatched({ write: (t: string) => writes.push(t) });
  const line = `${"x".repeat(1023)}\n`;
  for (let i = 0; i < 200; i++) dest.write(line);
  expect(writes.length).toBeGreaterThanOrEqual(3);
  dest.flush();
  expect(writes.join("")).toBe(line.repeat(200));
});

test("pino's lines through it are the same text, in a file", async () => {
  const file = join(mkdtempSync(join(tmpdir(), "covidmesh-log-")), "out.log");
  const log = pino({ name: "t", base: { service: "t" } }, logDestination(file));
  for (let i = 0; i < 50; i++) log.info({ i, path: "/v1/risk" }, "request");
  await new Promise((r) => setImmediate(r));
  const lines = readFileSync(file, "utf8")
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l));
  expect(lines.map((l) => l.i)).toEqual([...Array(50).keys()]);
  expect(lines[0]).toMatchObject({ level: 30, service: "t", name: "t", path: "/v1/risk", msg: "request" });
});
