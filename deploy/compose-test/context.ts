// What the compose test's files share: the machines, the run's figures, the data files and the
// checks the scenarios repeat (a job done exactly once, the replica caught up, routes dropped).
import { expect } from "bun:test";
import { join } from "node:path";
import { HarnessError } from "../harness/errors.ts";
import { createScenarioRun } from "../harness/scenarioRun.ts";
import { httpOk, waitUntil } from "../harness/waitUntil.ts";
import { containers, probe, psql, routeAddrs } from "./deployment.ts";
import { TestHost, type HostName } from "./hosts.ts";

export const ROOT = join(import.meta.dir, "../..");
export const RUN_DIR = `/tmp/covid-compose-run-${process.pid}`;
export const NYC = "/v1/risk?lat=40.7128&lon=-74.0060&groupSize=50";
/** The quickstart's URL in the README. */
export const QUICKSTART_RISK = "/v1/risk?lat=40.7128&lon=-74.0060";
export const DATASET = "jhu-us";
/** The bundled sample, at its path inside the project image. */
export const SAMPLE = {
  lookup: "/app/sample/UID_ISO_FIPS_LookUp_Table.csv.gz",
  cases: "/app/sample/jhu_confirmed_US_sample.csv.gz",
  deaths: "/app/sample/jhu_deaths_US_sample.csv.gz",
};
/** The same deaths sample in this checkout (to count its region-days). */
export const SAMPLE_DEATHS_HERE = join(ROOT, "sample/jhu_deaths_US_sample.csv.gz");
export const FULL_CASES = "time_series_covid19_confirmed_US.csv.gz"; // in each host's ./ingest (INGEST_DIR)
export const SCENARIOS = process.env.COMPOSE_SCENARIOS !== "0";

export const host = {} as Record<HostName, TestHost>;
for (const n of ["a", "b", "witness", "solo"] as const) host[n] = new TestHost(n, RUN_DIR);
export const run = createScenarioRun();
export const startedAt = Date.now();

export const readmeCommand = (role: string, build: boolean) =>
  `deploy/gen-env.sh ${role} covid-mesh.secrets ${host.a.privateAddr} ${host.b.privateAddr} ${host.witness.privateAddr} > .env && docker compose up -d${build ? " --build" : ""}`;

export const answers = (h: TestHost) => httpOk(h.gatewayUrl + NYC, 5_000);

export type Summary = { state: string; batchesDone: number; batchesExpected: number | null; accepted: number; unchanged: number; rejected: number } | null;

export async function waitJobDone(h: TestHost, jobId: string, timeoutMs: number): Promise<NonNullable<Summary>> {
  let s: Summary = null;
  await waitUntil(
    async () => {
      s = await probe<Summary>(h, "job", jobId);
      if (s?.state === "failed") throw new HarnessError(`job ${jobId} failed`);
      return s?.state === "done";
    },
    { what: `job ${jobId} done`, timeoutMs, intervalMs: 1_000 },
  );
  return s!;
}

/**
 * A job's events show it finished exactly once: one `done`, no `failed`, `done` last. It may
 * have started more than once (a worker's host died mid-job and the job was redelivered to
 * another host's worker): the number of starts is returned as a figure.
 */
export async function expectDoneOnce(h: TestHost, jobId: string): Promise<number> {
  const states = await probe<string[]>(h, "events", jobId);
  expect(states.filter((x) => x === "done").length).toBe(1);
  expect(states.filter((x) => x === "failed")).toEqual([]);
  expect(states.at(-1)).toBe("done");
  return states.filter((x) => x === "running").length;
}

/** Start times and restart counts of a host's containers: a restart changes one of them. */
export async function lifetimes(h: TestHost): Promise<Record<string, string>> {
  return Object.fromEntries((await containers(h)).map((c) => [c.name, `${c.startedAt}#${c.restartCount}`]));
}

/** Containers whose start time or restart count changed since `before` (`skip` matches names to ignore). */
export async function restartedSince(h: TestHost, before: Record<string, string>, skip: RegExp): Promise<string[]> {
  return Object.entries(await lifetimes(h))
    .filter(([n, l]) => !skip.test(n) && before[n] !== l)
    .map(([n]) => n);
}

export async function waitRoutes(h: TestHost, want: (names: string[]) => boolean, what: string, timeoutMs: number): Promise<number> {
  await waitUntil(async () => want(await routeAddrs(h)), { what, timeoutMs, intervalMs: 250 });
  return Date.now();
}

/**
 * Host A sees host B's replica streaming with everything replayed. Not yet: throws what A saw,
 * so a wait that times out says it (no walsender for host_b, `catchup`, or `streaming` behind).
 */
export async function replicaCaughtUp(): Promise<boolean> {
  const r = await psql(
    host.a,
    "select state || ' ' || (pg_current_wal_lsn() = replay_lsn) || ' ' || pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) from pg_stat_replication where application_name = 'host_b'",
  );
  if (r.startsWith("streaming true")) return true;
  throw new Error(r === "" ? "host A has no walsender for host_b" : `host A sees host_b as: state, replayed all, bytes behind = ${r}`);
}

/** An answer is 200, or 404 (no data for that point). */
export const isError = (a: { status: number }) => a.status !== 200 && a.status !== 404;
