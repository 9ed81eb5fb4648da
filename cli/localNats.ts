// The embedded default: a nats-server child with JetStream, its store under DATA_DIR/nats, and
// its URL recorded in DATA_DIR/nats.url so that `covid-mesh ingest` finds it with no config.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, connect as tcpConnect } from "node:net";
import { mkdirSync, writeFileSync, rmSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";

export class LocalNatsError extends Error {
  override name = "LocalNatsError";
}

export interface LocalNats {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export function natsUrlFile(dataDir: string): string {
  return join(dataDir, "nats.url");
}

/** The URL a running `npm start` recorded, if any. */
export function readRecordedNatsUrl(dataDir: string): string | undefined {
  const f = natsUrlFile(dataDir);
  return existsSync(f) ? readFileSync(f, "utf8").trim() || undefined : undefined;
}

export async function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, host, () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A freePort that never gives one number twice: freePort releases each port before its server
 * binds it, so the kernel may hand the same number out again (seen: a NATS client port given
 * to a Postgres as well, which then could not bind). For code that picks several ports first.
 */
export function distinctPorts(): (host?: string) => Promise<number> {
  const taken = new Set<number>();
  return async (host) => {
    for (;;) {
      const p = await freePort(host);
      if (!taken.has(p)) {
        taken.add(p);
        return p;
      }
    }
  };
}

async function waitForPort(host: string, port: number, timeoutMs: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new LocalNatsError(`nats-server exited with code ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const sock = tcpConnect({ host, port }, () => {
        sock.destroy();
        resolve(true);
      });
      sock.on("error", () => resolve(false));
    });
    if (ok) return;
    await Bun.sleep(50);
  }
  throw new LocalNatsError(`nats-server did not listen on ${host}:${port} within ${timeoutMs} ms`);
}

export async function startLocalNats(dataDir: string, opts: { binary?: string; log?: (line: string) => void } = {}): Promise<LocalNats> {
  const storeDir = join(dataDir, "nats");
  mkdirSync(storeDir, { recursive: true });
  const host = "127.0.0.1";
  const port = await freePort(host);
  const binary = opts.binary ?? process.env.NATS_SERVER_BIN ?? "nats-server";
  const child = spawn(binary, ["-js", "-a", host, "-p", String(port), "-sd", storeDir], { stdio: ["ignore", "pipe", "pipe"] });
  const spawnError = new Promise<never>((_, reject) =>
    child.once("error", (err) => reject(new LocalNatsError(`cannot start ${binary} (${err.message}); install nats-server or set NATS_URL`, { cause: err }))),
  );
  child.stderr?.on("data", (b: Buffer) => opts.log?.(b.toString().trimEnd()));
  await Promise.race([waitForPort(host, port, 10_000, child), spawnError]);
  const url = `nats://${host}:${port}`;
  writeFileSync(natsUrlFile(dataDir), `${url}\n`);
  return {
    url,
    child,
    async stop() {
      rmSync(natsUrlFile(dataDir), { force: true });
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, Bun.sleep(5_000)]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}
