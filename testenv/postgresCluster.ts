// A throwaway Postgres cluster for one test run: initdb into a directory of the run, trust auth,
// a free port on 127.0.0.1, the unix socket in that directory, durability off (tests never need
// to survive a crash, and fsync is most of a test database's cost).
import { chmodSync, chownSync, closeSync, existsSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import postgres from "postgres";
import { freePort } from "../cli/localNats.ts";
import { TestServerError } from "./errors.ts";

export interface PostgresCluster {
  /** Superuser URL of the `postgres` database: tests create and drop their databases through it. */
  adminUrl: string;
  port: number;
  pid: number;
  /** Server version (e.g. "15.14"), for the one-line report. */
  version: string;
  /** Fast shutdown (clients are cut off); resolves when the server is gone. */
  stop(): Promise<void>;
}

/**
 * Postgres refuses to run as root. As root, the cluster belongs to an unprivileged OS user:
 * the one asked for, else `postgres` when the package created it, else `nobody`.
 */
function osUser(preferred: string | undefined): { uid: number; gid: number; name: string } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const names = [preferred, "postgres", "nobody"].filter((n): n is string => !!n);
  for (const name of names) {
    const uid = Bun.spawnSync(["id", "-u", name], { stderr: "ignore" });
    const gid = Bun.spawnSync(["id", "-g", name], { stderr: "ignore" });
    if (uid.exitCode === 0 && gid.exitCode === 0) return { name, uid: Number(uid.stdout.toString()), gid: Number(gid.stdout.toString()) };
  }
  throw new TestServerError("running as root and found no unprivileged user (postgres, nobody) to run the test Postgres as; set TEST_PG_USER");
}

/** setpriv execs the command (same pid), so signals reach Postgres itself. */
function asUser(user: ReturnType<typeof osUser>, argv: string[]): string[] {
  return user ? ["setpriv", `--reuid=${user.uid}`, `--regid=${user.gid}`, "--clear-groups", "--", ...argv] : argv;
}

const logTail = (file: string) => (existsSync(file) ? readFileSync(file, "utf8").trim().split("\n").slice(-15).join("\n") : "");

export interface PostgresClusterOptions {
  binDir: string;
  runDir: string;
  /** As root: the OS user to run Postgres as (TEST_PG_USER); else postgres, else nobody. */
  osUser?: string;
  /** Called with each child the moment it is spawned (the watchdog's list; a stop that works before it is ready). */
  onSpawn(pid: number, stop: () => Promise<void>): void;
}

export async function startPostgresCluster({ binDir, runDir, osUser: preferredUser, onSpawn }: PostgresClusterOptions): Promise<PostgresCluster> {
  const user = osUser(preferredUser);
  const dir = join(runDir, "postgres");
  const dataDir = join(dir, "data");
  const logFile = join(runDir, "postgres.log");
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o700);
  if (user) {
    chmodSync(runDir, 0o711); // the server's user must traverse the run directory, not read it
    chownSync(dir, user.uid, user.gid);
  }
  const log = openSync(logFile, "a");
  try {
    const initdb = Bun.spawn(asUser(user, [join(binDir, "initdb"), "-D", dataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "-N"]), {
      stdio: ["ignore", log, log],
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", LANG: "C" },
    });
    onSpawn(initdb.pid, async () => {
      // SIGTERM: initdb stops its single-user backend and removes what it wrote; SIGKILL would orphan the backend.
      initdb.kill("SIGTERM");
      if (!(await Promise.race([initdb.exited.then(() => true), Bun.sleep(5_000).then(() => false)]))) initdb.kill("SIGKILL");
      await initdb.exited;
    });
    if ((await initdb.exited) !== 0) throw new TestServerError(`initdb failed (exit ${initdb.exitCode}):\n${logTail(logFile)}`);
  } catch (err) {
    closeSync(log);
    throw err;
  }
  const port = await freePort();
  const server = Bun.spawn(
    asUser(user, [
      join(binDir, "postgres"),
      "-D",
      dataDir,
      "-p",
      String(port),
      "-k",
      dir,
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "max_connections=200",
      "-c",
      "fsync=off",
      "-c",
      "synchronous_commit=off",
      "-c",
      "full_page_writes=off",
    ]),
    { stdio: ["ignore", log, log], env: { PATH: process.env.PATH ?? "/usr/bin:/bin", LANG: "C" } },
  );
  closeSync(log);
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const stop = async () => {
    if (server.exitCode !== null || server.signalCode !== null) return;
    server.kill("SIGINT"); // fast shutdown
    const gone = await Promise.race([server.exited.then(() => true), Bun.sleep(10_000).then(() => false)]);
    if (!gone) server.kill("SIGKILL");
    await server.exited;
  };
  onSpawn(server.pid, stop);
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (server.exitCode !== null) throw new TestServerError(`postgres exited (code ${server.exitCode}) before it accepted connections:\n${logTail(logFile)}`);
    const sql = postgres(adminUrl, { max: 1, connect_timeout: 1, onnotice: () => {} });
    try {
      const [row] = await sql`show server_version`;
      return { adminUrl, port, pid: server.pid, version: String(row!.server_version).split(" ")[0]!, stop };
    } catch (err) {
      if (Date.now() > deadline) {
        await stop();
        throw new TestServerError(`postgres on port ${port} did not accept connections within 30 s:\n${logTail(logFile)}`, { cause: err });
      }
      await Bun.sleep(100);
    } finally {
      await sql.end({ timeout: 1 });
    }
  }
}
