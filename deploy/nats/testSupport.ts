// A private nats-server run from the deployment's own files: deploy/nats/single.conf (listen
// address and store moved to a temp folder) with deploy/nats/users.conf beside it, and a random
// password per user in its environment, as compose gives them.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { freePort } from "../../cli/localNats.ts";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NATS_USERS, passwordVar, type NatsUser } from "./permissions.ts";

const HERE = import.meta.dir;

export interface TestNatsServer {
  url: string;
  passwords: Record<NatsUser, string>;
  /** The server's log so far (violations are logged as `Publish Violation - User "…"`). */
  log(): string;
  stop(): Promise<void>;
}

function replaceOnce(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`deploy/nats/single.conf no longer has "${from}": update the test server`);
  return text.replace(from, to);
}

export async function startTestNatsServer(env: Record<string, string> = {}): Promise<TestNatsServer> {
  const dir = mkdtempSync(join(tmpdir(), "covidmesh-nats-"));
  const port = await freePort();
  let conf = readFileSync(join(HERE, "single.conf"), "utf8");
  conf = replaceOnce(conf, "listen: 0.0.0.0:4222", `listen: 127.0.0.1:${port}`);
  conf = replaceOnce(conf, "http: 127.0.0.1:8222", "");
  conf = replaceOnce(conf, "store_dir: /data", `store_dir: ${JSON.stringify(join(dir, "js"))}`);
  writeFileSync(join(dir, "single.conf"), conf);
  copyFileSync(join(HERE, "users.conf"), join(dir, "users.conf"));
  const passwords = Object.fromEntries(NATS_USERS.map((u) => [u, `p${crypto.randomUUID().replaceAll("-", "")}`])) as Record<NatsUser, string>;
  const logFile = join(dir, "nats.log");
  const proc = Bun.spawn([process.env.NATS_SERVER_BIN ?? "nats-server", "-c", join(dir, "single.conf"), "-l", logFile], {
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", NATS_MAX_FILE_STORE: "10G", ...Object.fromEntries(NATS_USERS.map((u) => [passwordVar(u), passwords[u]])), ...env },
    stdout: "ignore",
    stderr: "pipe",
  });
  const log = () => {
    try {
      return readFileSync(logFile, "utf8");
    } catch {
      return "";
    }
  };
  const deadline = Date.now() + 15_000;
  while (!log().includes("Server is ready")) {
    if (proc.exitCode !== null || Date.now() > deadline) {
      const err = await new Response(proc.stderr).text();
      proc.kill();
      throw new Error(`nats-server did not start (exit ${proc.exitCode}):\n${err}\n${log()}`);
    }
    await Bun.sleep(50);
  }
  return {
    url: `nats://127.0.0.1:${port}`,
    passwords,
    log,
    async stop() {
      proc.kill();
      await proc.exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The permission violations the server logged, as `Publish <subject>` / `Subscription <subject>` for `user`. */
export function violations(log: string, user?: string): string[] {
  const out: string[] = [];
  for (const m of log.matchAll(/(Publish|Subscription) Violation - User "([^"]+)", Subject "([^"]+)"/g)) {
    if (user === undefined || m[2] === user) out.push(`${user === undefined ? `${m[2]} ` : ""}${m[1]} ${m[3]}`);
  }
  return out;
}
