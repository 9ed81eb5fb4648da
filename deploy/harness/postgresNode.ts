// Postgres as deployed: a primary on host A and a streaming replica on host B, each its own
// cluster (initdb / pg_basebackup) in the run directory, set up by the same scripts compose runs
// (deploy/postgres/primary-init.sh, replica-bootstrap.sh, replication.conf).
import { appendFileSync, chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { spawnManaged, runCommand, type ManagedProcess } from "./managedProcess.ts";
import type { PostgresSpec, Secrets } from "./types.ts";
import { waitUntil } from "./waitUntil.ts";

const PG_DIR = fileURLToPath(new URL("../postgres/", import.meta.url));
export const PG_BIN = process.env.PG_BIN ?? (existsSync("/usr/lib/postgresql/15/bin") ? "/usr/lib/postgresql/15/bin" : "");
/** The database and owner the system uses (compose: POSTGRES_USER / POSTGRES_DB). */
export const DB_USER = "covidmesh";
export const DB_NAME = "covidmesh";
/** Postgres refuses to run as root: as root (CI), the harness runs it as this user. */
const PG_OS_USER = process.env.PG_OS_USER ?? "postgres";

const bin = (name: string) => (PG_BIN ? join(PG_BIN, name) : name);
const isRoot = () => process.getuid?.() === 0;
const baseEnv = () => ({ PATH: [PG_BIN, process.env.PATH ?? "/usr/bin:/bin"].filter(Boolean).join(":") });

export function postgresUrl(spec: PostgresSpec, secrets: Secrets, database = DB_NAME): string {
  // With TLS the server refuses plain TCP; before primary-init.sh has turned it on, plain works.
  return `postgres://${DB_USER}:${secrets.postgresPassword}@${spec.address}:${spec.port}/${database}${spec.tlsDir ? "?sslmode=prefer" : ""}`;
}

/** As root, hands a path to the Postgres OS user. */
function chownToPostgres(path: string): void {
  if (!isRoot()) return;
  const id = (flag: string) => Number(Bun.spawnSync(["id", flag, PG_OS_USER]).stdout.toString().trim());
  chownSync(path, id("-u"), id("-g"));
}

/** A directory the Postgres OS user owns (initdb and pg_basebackup want to create or own it). */
function ownedDir(path: string): void {
  mkdirSync(path, { recursive: true });
  chownToPostgres(path);
  chmodSync(path, 0o700);
}

/**
 * A copy of one of deploy/postgres/'s files in the node's own directory: the scripts run as the
 * Postgres OS user, and a checkout in a private folder (a `mktemp -d` clone is 0700) is not
 * readable by that user; the server also reads replication.conf from there at every start.
 */
function stagedPgFile(spec: PostgresSpec, name: string): string {
  const path = join(dirname(spec.dataDir), name);
  copyFileSync(join(PG_DIR, name), path);
  chownToPostgres(path);
  return path;
}

export function startPostgres(spec: PostgresSpec): ManagedProcess {
  return spawnManaged({
    name: `postgres@${spec.address}`,
    command: bin("postgres"),
    // Command-line settings win over the (copied) config files: each host its own address.
    args: ["-D", spec.dataDir, "-c", `listen_addresses=${spec.address}`, "-c", `port=${spec.port}`, "-c", "unix_socket_directories="],
    env: baseEnv(),
    logFile: spec.logFile,
    asUser: PG_OS_USER,
  });
}

export async function waitPostgresReady(url: string, opts: { timeoutMs?: number; inRecovery?: boolean } = {}): Promise<void> {
  await waitUntil(
    async () => {
      const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
      try {
        const [row] = await sql`select pg_is_in_recovery() as recovery`;
        return opts.inRecovery === undefined || row!.recovery === opts.inRecovery;
      } finally {
        await sql.end({ timeout: 1 });
      }
    },
    { what: `postgres at ${new URL(url).host} ready`, timeoutMs: opts.timeoutMs ?? 60_000, intervalMs: 200 },
  );
}

/** initdb, first start, database + primary-init.sh, then a restart so replication.conf applies. */
export async function initPrimary(spec: PostgresSpec, secrets: Secrets): Promise<ManagedProcess> {
  ownedDir(dirname(spec.dataDir));
  const pwfile = join(dirname(spec.dataDir), "pwfile");
  writeFileSync(pwfile, `${secrets.postgresPassword}\n`, { mode: 0o600 });
  chownToPostgres(pwfile);
  await runCommand({
    name: "initdb",
    command: bin("initdb"),
    args: ["-D", spec.dataDir, "-U", DB_USER, `--pwfile=${pwfile}`, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-instructions"],
    env: baseEnv(),
    logFile: spec.logFile,
    asUser: PG_OS_USER,
  });
  // Every client of the harness comes over loopback (source address 127.0.0.x).
  appendFileSync(join(spec.dataDir, "pg_hba.conf"), "host all all 127.0.0.0/8 scram-sha-256\n");

  let server = startPostgres(spec);
  await waitPostgresReady(postgresUrl(spec, secrets, "postgres"));
  const admin = postgres(postgresUrl(spec, secrets, "postgres"), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${DB_NAME}`);
  } finally {
    await admin.end({ timeout: 2 });
  }
  await runCommand({
    name: "primary-init.sh",
    command: "sh",
    args: [stagedPgFile(spec, "primary-init.sh")],
    env: {
      ...baseEnv(),
      PGHOST: spec.address,
      PGPORT: String(spec.port),
      PGPASSWORD: secrets.postgresPassword,
      PGDATA: spec.dataDir,
      POSTGRES_USER: DB_USER,
      POSTGRES_DB: DB_NAME,
      REPLICATION_PASSWORD: secrets.replicationPassword,
      REPLICATION_CONF: stagedPgFile(spec, "replication.conf"),
      ...(spec.tlsDir ? { PG_TLS_DIR: spec.tlsDir } : {}),
    },
    logFile: spec.logFile,
    asUser: PG_OS_USER,
  });
  server.signal("SIGINT", { tree: false }); // fast shutdown: the postmaster stops its children
  await server.exited;
  server = startPostgres(spec);
  await waitPostgresReady(postgresUrl(spec, secrets), { inRecovery: false });
  return server;
}

/** replica-bootstrap.sh (pg_basebackup into the host_b slot), then start it as a hot standby. */
export async function initReplica(spec: PostgresSpec, primary: PostgresSpec, secrets: Secrets): Promise<ManagedProcess> {
  ownedDir(dirname(spec.dataDir));
  await runCommand({
    name: "replica-bootstrap.sh",
    command: "sh",
    args: [stagedPgFile(spec, "replica-bootstrap.sh")],
    env: {
      ...baseEnv(),
      PGDATA: spec.dataDir,
      PRIMARY_HOST: primary.address,
      PRIMARY_PORT: String(primary.port),
      REPLICATION_PASSWORD: secrets.replicationPassword,
      ...(spec.tlsDir ? { PG_TLS_DIR: spec.tlsDir } : {}),
    },
    logFile: spec.logFile,
    asUser: PG_OS_USER,
  });
  const server = startPostgres(spec);
  await waitPostgresReady(postgresUrl(spec, secrets), { inRecovery: true });
  return server;
}

/** Bytes of WAL the replica has yet to replay (0 = caught up), measured on the primary. */
export async function replicationLag(primaryUrl: string): Promise<{ connected: boolean; lagBytes: number }> {
  const sql = postgres(primaryUrl, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    const rows = await sql`select coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn), 0)::float8 as lag from pg_stat_replication`;
    return rows.length === 0 ? { connected: false, lagBytes: Number.NaN } : { connected: true, lagBytes: Number(rows[0]!.lag) };
  } finally {
    await sql.end({ timeout: 1 });
  }
}
