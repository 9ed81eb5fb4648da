// A nats-server with JetStream for one test run: a free port on 127.0.0.1, its store in the run
// directory. (cli/localNats.ts starts the same for `npm start`, but reports the child only once it
// listens; the run must know the pid at once so that a signal during startup cannot leak it.)
import { closeSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "../cli/localNats.ts";
import { TestServerError } from "./errors.ts";
import { isListening } from "./probe.ts";

export interface NatsServer {
  url: string;
  stop(): Promise<void>;
}

export async function startNatsServer(runDir: string, opts: { binary?: string; onSpawn(pid: number, stop: () => Promise<void>): void }): Promise<NatsServer> {
  const binary = opts.binary || "nats-server";
  if (!Bun.which(binary)) throw new TestServerError(`${binary} not found (install nats-server, or set NATS_SERVER_BIN)`);
  const storeDir = join(runDir, "nats");
  mkdirSync(storeDir, { recursive: true });
  const port = await freePort();
  const logFile = join(runDir, "nats-server.log");
  const log = openSync(logFile, "a"); // a file, not a pipe nobody drains: a full pipe would stall the server
  const child = Bun.spawn([binary, "-js", "-a", "127.0.0.1", "-p", String(port), "-sd", storeDir], { stdio: ["ignore", log, log] });
  closeSync(log);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const gone = await Promise.race([child.exited.then(() => true), Bun.sleep(5_000).then(() => false)]);
    if (!gone) child.kill("SIGKILL");
    await child.exited;
  };
  opts.onSpawn(child.pid, stop);
  const deadline = Date.now() + 10_000;
  while (!(await isListening("127.0.0.1", port, 200))) {
    if (child.exitCode !== null) {
      throw new TestServerError(`${binary} exited with code ${child.exitCode}: ${readFileSync(logFile, "utf8").trim().slice(-500)}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new TestServerError(`${binary} did not listen on 127.0.0.1:${port} within 10 s`);
    }
    await Bun.sleep(50);
  }
  return { url: `nats://127.0.0.1:${port}`, stop };
}
