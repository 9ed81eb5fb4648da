// A new PGlite data directory is created (initdb) in a short-lived child process, not in the
// process that then keeps the database open. PGlite's initdb runs a second Postgres instance and
// initdb's own WASM module next to the first, and leaves about a million strings and 100,000
// buffers of garbage behind: measured on a fresh directory, the process that opened it held
// ~1 GiB at its peak and still ~740 MiB after a full GC, against ~270 MiB for a process that
// opens an existing directory. The storage child of `npm start` keeps its PGlite for life and
// builds the ingest and the risk recompute on top, so that difference was in every later peak;
// in a child process it is returned to the OS when the child exits (docs/performance.md).
//
// Run as a script: `bun sql/drivers/pgliteInit.ts <dataDir>` creates the cluster and exits.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { StorageError } from "../errors.ts";

export class PgliteInitError extends StorageError {}

/** True when `dataDir` is a filesystem directory without a Postgres cluster in it yet. */
export function needsInit(dataDir: string | undefined): dataDir is string {
  return dataDir !== undefined && !dataDir.includes("://") && !existsSync(join(dataDir, "PG_VERSION"));
}

/** The child's JS heap is garbage from initdb's file writes: a smaller assumed RAM makes JSC collect it sooner (see below). */
const SMALL_HEAP_ENV = { BUN_JSC_forceRAMSize: "400000000" };

/** Creates the cluster of `dataDir` in a child process (see above); a no-op when it exists. */
export async function initPgliteDataDir(dataDir: string | undefined): Promise<void> {
  if (!needsInit(dataDir)) return;
  // Measured: the child's peak ~800 MiB with the option instead of ~1,050 MiB. JSC options are no
  // stable API: a Bun that no longer knows it refuses to start (before running anything), and
  // the child then runs without it.
  let out = await runInit(dataDir, SMALL_HEAP_ENV);
  if (out.code !== 0 && out.stderr.includes("invalid JSC environment variable")) out = await runInit(dataDir, {});
  if (out.code !== 0) throw new PgliteInitError(`creating the PGlite database in ${dataDir} failed (exit ${out.code}): ${out.stderr.trim().slice(-2000)}`);
}

async function runInit(dataDir: string, env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  const proc = Bun.spawn([process.execPath, import.meta.path, dataDir], { stdin: "ignore", stdout: "ignore", stderr: "pipe", env: { ...process.env, ...env } });
  const [code, stderr] = await Promise.all([proc.exited, new Response(proc.stderr).text()]);
  return { code, stderr };
}

if (import.meta.main) {
  const dataDir = process.argv[2];
  const pg = await PGlite.create(dataDir);
  await pg.close();
}
