// Which NATS and Postgres a test run uses, starting its own when needed. In order:
// the TEST_* URL when set; else the machine's server when one answers at the default address;
// else a server of the run's own (nats-server from PATH; Postgres by initdb when its binaries
// exist). With no Postgres binaries either, the run has no Postgres: storage tests use PGlite and
// the Postgres-only ones are skipped (sql/testSupport.ts). `own` (TEST_SERVERS=own) skips the probes.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TestServerError } from "./errors.ts";
import { startNatsServer, type NatsServer } from "./natsServer.ts";
import { startPostgresCluster, type PostgresCluster } from "./postgresCluster.ts";
import { findPostgresBin } from "./postgresBinaries.ts";
import { isListening } from "./probe.ts";
import { startWatchdog, type Watchdog } from "./watchdog.ts";

export const DEFAULT_NATS_URL = "nats://127.0.0.1:4222";
export const DEFAULT_ADMIN_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test";

export interface ResolvedServers {
  natsUrl: string;
  /** undefined: this run has no Postgres (PGlite stands in where it can). */
  adminDatabaseUrl: string | undefined;
  /** The one line the run prints about its servers. */
  summary: string;
}

/** What the run was given; testenv/preload.ts fills it from the TEST_* variables. */
export interface TestServerOptions {
  natsUrl?: string;
  adminDatabaseUrl?: string;
  /** Start the run's own servers even when the machine's answer. */
  own?: boolean;
  /** Directory of initdb and postgres, or "none"; unset: searched (postgresBinaries.ts). */
  pgBin?: string;
  /** As root: the OS user to run the run's Postgres as. */
  pgUser?: string;
  natsServerBinary?: string;
}

export interface TestServers {
  /** Settles the servers, starting what is missing. Once. */
  resolve(): Promise<ResolvedServers>;
  /** Where the run's own servers live, if it started any. */
  runDir(): string | undefined;
  /** Stops what this run started (also halfway through resolve) and removes its directory. */
  stop(): Promise<void>;
}

const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");

export function testServers(opts: TestServerOptions = {}): TestServers {
  const own = opts.own === true;
  let runDir: string | undefined;
  let watchdog: Watchdog | undefined;
  let nats: NatsServer | undefined;
  let pg: PostgresCluster | undefined;
  /** Every process the run spawned, stoppable from the moment it exists (a signal may come mid-startup). */
  const children: Array<() => Promise<void>> = [];
  const dir = (): string => {
    if (runDir) return runDir;
    runDir = mkdtempSync(join(tmpdir(), "covidmesh-testservers-"));
    watchdog = startWatchdog(runDir);
    return runDir;
  };
  const track = (pid: number, stopChild: () => Promise<void>) => {
    watchdog?.track(pid);
    children.push(stopChild);
  };

  const stop = async () => {
    await Promise.all(children.map((s) => s().catch(() => {})));
    if (runDir) rmSync(runDir, { recursive: true, force: true });
    watchdog?.stop(); // last: if anything above is cut short, the watchdog still cleans up
  };

  const resolveNats = async (notes: string[]): Promise<string> => {
    const given = opts.natsUrl?.trim();
    if (given) {
      notes.push(`using NATS from TEST_NATS_URL (${redact(given)})`);
      return given;
    }
    if (!own && (await isListening("127.0.0.1", 4222))) {
      notes.push("using the machine's NATS at 127.0.0.1:4222");
      return DEFAULT_NATS_URL;
    }
    try {
      nats = await startNatsServer(dir(), { binary: opts.natsServerBinary, onSpawn: track });
    } catch (err) {
      const why = own ? "TEST_SERVERS=own" : "nothing answers at 127.0.0.1:4222";
      throw new TestServerError(`no NATS for the tests: TEST_NATS_URL is unset, ${why}, and nats-server did not start: ${(err as Error).message}`, { cause: err });
    }
    notes.push(`started nats-server -js on ${nats.url}`);
    return nats.url;
  };

  const resolvePostgres = async (notes: string[]): Promise<string | undefined> => {
    const given = opts.adminDatabaseUrl?.trim();
    if (given) {
      notes.push(`using Postgres from TEST_ADMIN_DATABASE_URL (${redact(given)})`);
      return given;
    }
    if (!own && (await isListening("127.0.0.1", 5432))) {
      notes.push("using the machine's Postgres at 127.0.0.1:5432");
      return DEFAULT_ADMIN_DATABASE_URL;
    }
    const bin = findPostgresBin(opts.pgBin);
    if (!bin) {
      notes.push("no Postgres (none answers at 127.0.0.1:5432, no initdb found): PGlite stands in, Postgres-only tests are skipped");
      return undefined;
    }
    pg = await startPostgresCluster({ binDir: bin, runDir: dir(), osUser: opts.pgUser, onSpawn: track });
    notes.push(`started postgres ${pg.version} (initdb, ${bin}) on 127.0.0.1:${pg.port}`);
    return pg.adminUrl;
  };

  let resolved: Promise<ResolvedServers> | undefined;
  return {
    runDir: () => runDir,
    stop,
    resolve() {
      resolved ??= (async () => {
        const notes: string[] = [];
        try {
          const natsUrl = await resolveNats(notes);
          const adminDatabaseUrl = await resolvePostgres(notes);
          const where = runDir ? `; files in ${runDir}, removed at exit` : "";
          return { natsUrl, adminDatabaseUrl, summary: `test servers: ${notes.join("; ")}${where}` };
        } catch (err) {
          await stop().catch(() => {});
          throw err;
        }
      })();
      return resolved;
    },
  };
}
