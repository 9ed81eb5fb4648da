// Live mode end to end: a loopback server stands in for GitHub raw and serves
// the hub's three files with ETag and Last-Modified. Two scheduler instances run live mode's
// pollers on one mesh (covid-data and persistence workers, Postgres). Mid-test the admissions
// file switches to the next publication of the vintages file: exactly one new job runs, the
// unchanged files cost one 304 each and no job, and the revision history answers "as of".
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import postgres from "postgres";
import { readFileSync } from "node:fs";
import pino from "pino";
import { connectTestMesh, deleteContractStreams, waitFor } from "../mesh/testSupport.ts";
import type { Mesh } from "../mesh/mod.ts";
import { startIngestionSystem, type IngestionSystem } from "../workers/covid-data/testSupport.ts";
import type { JobRecord } from "../domain/mod.ts";
import { manualClock, type ManualClock } from "../workers/scheduler/clock.ts";
import { startScheduler, type Scheduler } from "../workers/scheduler/mod.ts";
import type { PollOnceResult } from "../workers/scheduler/mod.ts";
import { loadConfig } from "./config.ts";
import { HUB_FILES, livePollersOf } from "./liveMode.ts";
import { readVintages, startHubTestServer, type HubTestServer } from "./hubTestServer.ts";
import { submitIngest } from "./ingestClient.ts";
import { SHARED_DATA } from "./testSupport.ts";
import { describeWithPostgres } from "../sql/testSupport.ts";
import { needsSharedData } from "../testenv/sharedDataGate.ts";
import { type JobStore, isTerminal, openJobStore } from "../jobs/mod.ts";

const COVIDHUB = join(SHARED_DATA, "covidhub");
// The hub test server listens on loopback: the schedulers' checks trust it, as FETCH_ALLOWED_HOSTS would.
const LOOPBACK = { trustedHosts: ["127.0.0.1", "localhost", "::1"] };
const HOSP = HUB_FILES.find((f) => f.source === "covidhub-hosp")!.path;
const OREGON = 84000041;

let hub: HubTestServer;
let sys: IngestionSystem;
const meshes: Mesh[] = [];
const schedulers: Scheduler[] = [];
const clocks: ManualClock[] = [];
let store: JobStore;
let sql: postgres.Sql;
const polls: Array<{ who: number; source: string; r: PollOnceResult }> = [];
const VINTAGES = join(COVIDHUB, "hospital-admissions-vintages.csv.gz");
const shared = needsSharedData(VINTAGES, join(COVIDHUB, "time-series-asof-2025-12-31.parquet"), join(COVIDHUB, "nssp-raw-asof-2025-12-31.parquet"));
// Read at load only when present: without the datasets the tests skip, naming the missing file.
const vintages = shared.present ? readVintages(VINTAGES) : { asOfs: [], csv: () => "" };
// The last two publications of 2025: the later one revises 2025-12-13 in Oregon (16 → 19).
const [A, B] = vintages.asOfs.slice(-2);
const noon = (day: string) => new Date(`${day}T12:00:00Z`);

/** Region-week → value of one publication, from the CSV text the server serves. */
function valuesOf(csv: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const line of csv.trim().split("\n").slice(1)) {
    const [, week, value, location] = line.split(",");
    m.set(`${location}|${week}`, Number(value));
  }
  return m;
}

async function pollRound(): Promise<typeof polls> {
  const before = polls.length;
  await Promise.all(clocks.map((c) => c.advance(60_000)));
  await waitFor(() => polls.length === before + 2 * HUB_FILES.length, "every poller of both schedulers checked once", 30_000);
  return polls.slice(before);
}

async function finished(jobId: string): Promise<JobRecord> {
  const r = await store.follow(jobId, 240_000);
  if (!r || !isTerminal(r.state)) throw new Error(`job ${jobId} did not finish: ${JSON.stringify(r)}`);
  return r;
}

async function runsBySource(): Promise<Record<string, number>> {
  const rows = await sql<{ source: string; n: number }[]>`select source, count(*)::int as n from ingest_runs where source like 'covidhub%' or source like 'nssp%' group by source`;
  return Object.fromEntries(rows.map((r) => [r.source, r.n]));
}

// Reads ingest_runs with SQL: a real Postgres only (skipped with the reason on a run without one).
(shared.present ? describeWithPostgres : shared.describe)("live mode against the hub", () => {
  beforeAll(async () => {
    hub = startHubTestServer();
    hub.publish(HOSP, vintages.csv(A), noon(A));
    hub.publish("target-data/time-series.parquet", readFileSync(join(COVIDHUB, "time-series-asof-2025-12-31.parquet")), noon("2025-12-31"));
    hub.publish("auxiliary-data/nssp-raw-data/latest.parquet", readFileSync(join(COVIDHUB, "nssp-raw-asof-2025-12-31.parquet")), noon("2025-12-31"));
    sys = await startIngestionSystem();
    sql = postgres(sys.db.url!, { max: 1, onnotice: () => {} });
    store = await openJobStore(sys.client);
    // Weekly rows name regions: the registry comes first, as npm start does it.
    const lookup = await (await submitIngest(sys.client, { source: "jhu-lookup", file: join(import.meta.dir, "../sample/UID_ISO_FIPS_LookUp_Table.csv.gz") })).done;
    expect(lookup.state).toBe("done");
  }, 120_000);

  afterAll(async () => {
    await Promise.all(schedulers.map((s) => s.stop()));
    if (sys) await deleteContractStreams(sys.client);
    for (const m of meshes) await m.close();
    await sql?.end();
    await sys?.stop();
    hub?.stop();
  });

  describe("live mode", () => {
    test("two schedulers, one job per publication; 304s queue nothing; revisions answer as of", async () => {
      const config = loadConfig({ LIVE_MODE: "1", LIVE_BASE_URL: hub.url, LIVE_POLL_SECONDS: "60" });
      const pollers = livePollersOf(config);
      expect(pollers.map((p) => p.source)).toEqual(["covidhub-hosp", "covidhub-time-series", "nssp-ed-visits"]);
      for (const who of [0, 1]) {
        const mesh = await connectTestMesh(sys.client.contract, `scheduler-${who}`);
        meshes.push(mesh);
        const clock = manualClock(Date.parse("2026-01-07T10:00:00Z"));
        clocks.push(clock);
        schedulers.push(await startScheduler({ mesh, pollers, clock, access: LOOPBACK, onPoll: (source, r) => polls.push({ who, source, r }) }));
      }

      // First check of every file by both instances: three publications, three jobs.
      await waitFor(() => polls.length === 2 * HUB_FILES.length, "first checks", 30_000);
      const first = polls.filter((p) => p.r.changed);
      const firstIds = [...new Set(first.map((p) => p.r.jobId!))];
      expect(firstIds).toHaveLength(3);
      expect(first.filter((p) => !p.r.enqueued!.duplicate)).toHaveLength(3);
      const t0 = performance.now();
      for (const id of firstIds) {
        const r = await finished(id);
        expect(r.state).toBe("done");
        console.log(`first publication: job ${id}, counts ${JSON.stringify(r.counts)}`);
      }
      console.log(`three first jobs done in ${Math.round(performance.now() - t0)} ms after the first checks`);
      expect(await runsBySource()).toEqual({ "covidhub-hosp": 1, "covidhub-time-series": 1, "nssp-ed-visits": 1 });

      const series = async (asOf?: string) => {
        const s = await sys.storage.loadWeeklySeries("covidhub-hosp", "hosp-admissions", asOf);
        const at = (region: number, week: string) => {
          const day = Date.parse(`${week}T00:00:00Z`) / 86_400_000;
          for (let i = 0; i < s.regionId.length; i++) if (s.regionId[i] === region && s.weekEnd[i] === day) return s.value[i];
          return undefined;
        };
        return at;
      };
      const pubA = valuesOf(vintages.csv(A));
      const pubB = valuesOf(vintages.csv(B));
      expect((await series())(OREGON, "2025-12-13")).toBe(pubA.get("41|2025-12-13")!);

      // Nothing new published: each check is one conditional request answered 304, no job.
      hub.requests.length = 0;
      const quiet = await pollRound();
      expect(quiet.every((p) => !p.r.changed)).toBe(true);
      expect(hub.requests).toHaveLength(2 * HUB_FILES.length);
      expect(hub.requests.every((r) => r.status === 304 && r.conditional)).toBe(true);
      expect(await runsBySource()).toEqual({ "covidhub-hosp": 1, "covidhub-time-series": 1, "nssp-ed-visits": 1 });

      // The hub publishes the next version of the admissions file.
      hub.publish(HOSP, vintages.csv(B), noon(B));
      hub.requests.length = 0;
      const next = await pollRound();
      const changed = next.filter((p) => p.r.changed);
      expect(new Set(changed.map((p) => p.source))).toEqual(new Set(["covidhub-hosp"]));
      const newIds = [...new Set(changed.map((p) => p.r.jobId!))];
      expect(newIds).toHaveLength(1);
      expect(newIds[0]).toStartWith("covidhub-hosp-v2-");
      expect(changed.filter((p) => !p.r.enqueued!.duplicate)).toHaveLength(1);
      const job = await finished(newIds[0]);
      expect(job.state).toBe("done");
      console.log(
        `publication ${B}: job ${job.jobId}, counts ${JSON.stringify(job.counts)}; requests this round: ${JSON.stringify(hub.requests.map((r) => `${r.status} ${r.path}`))}`,
      );
      // Only what the new publication changed is written: the rest is unchanged.
      const same = [...pubB].filter(([k, v]) => pubA.get(k) === v).length;
      expect(job.counts!.unchanged).toBe(same);
      expect(same).toBeLessThan(pubB.size);
      expect(await runsBySource()).toEqual({ "covidhub-hosp": 2, "covidhub-time-series": 1, "nssp-ed-visits": 1 });
      // The unchanged files still cost one 304 per check. The admissions file: the check that saw the
      // change (200), the job's fetch (200), and the other instance's check, 200 too if it read the
      // shared state before the first recorded the new version, else 304.
      expect(hub.requests.filter((r) => r.path !== HOSP).every((r) => r.status === 304 && r.conditional)).toBe(true);
      const hospStatuses = hub.requests.filter((r) => r.path === HOSP).map((r) => r.status);
      expect(hospStatuses).toHaveLength(3);
      expect(hospStatuses.filter((st) => st === 200).length).toBeGreaterThanOrEqual(2);

      // And a third round finds nothing new again.
      expect((await pollRound()).every((p) => !p.r.changed)).toBe(true);
      expect(await runsBySource()).toEqual({ "covidhub-hosp": 2, "covidhub-time-series": 1, "nssp-ed-visits": 1 });

      // The revision history: the earlier as_of gives the earlier value.
      expect(pubA.get("41|2025-12-13")).not.toBe(pubB.get("41|2025-12-13"));
      const revisions = await sys.storage.weeklyRevisions("covidhub-hosp", "hosp-admissions", OREGON, "2025-12-13");
      console.log(`revisions of Oregon 2025-12-13: ${JSON.stringify(revisions)}`);
      expect(revisions.map((r) => [r.asOf, r.value])).toEqual([
        [A, pubA.get("41|2025-12-13")!],
        [B, pubB.get("41|2025-12-13")!],
      ]);
      expect((await series(A))(OREGON, "2025-12-13")).toBe(pubA.get("41|2025-12-13")!);
      expect((await series(B))(OREGON, "2025-12-13")).toBe(pubB.get("41|2025-12-13")!);
      expect((await series())(OREGON, "2025-12-13")).toBe(pubB.get("41|2025-12-13")!);
      // A week first published in B is unknown as of A.
      expect(pubA.has("41|2025-12-27")).toBe(false);
      expect((await series(A))(OREGON, "2025-12-27")).toBeUndefined();
      expect((await series(B))(OREGON, "2025-12-27")).toBe(pubB.get("41|2025-12-27")!);
    }, 600_000);

    test("offline (the hub unreachable): each check fails with a warning, no job, the scheduler keeps running", async () => {
      const runsBefore = await runsBySource();
      const closed = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("") });
      const base = `http://127.0.0.1:${closed.port}`;
      closed.stop(true);
      const warnings: Array<Record<string, unknown>> = [];
      const logger = pino({ level: "warn" }, { write: (line: string) => void warnings.push(JSON.parse(line)) });
      const mesh = await connectTestMesh(sys.client.contract, "scheduler-offline");
      meshes.push(mesh);
      const clock = manualClock(Date.parse("2026-01-14T10:00:00Z"));
      const offlinePolls: PollOnceResult[] = [];
      const pollers = livePollersOf(loadConfig({ LIVE_MODE: "1", LIVE_BASE_URL: base, LIVE_POLL_SECONDS: "60" }));
      const s = await startScheduler({ mesh, pollers, clock, logger, access: LOOPBACK, onPoll: (_, r) => offlinePolls.push(r) });
      schedulers.push(s);
      const checkFailures = () => warnings.filter((w) => w.msg === "source check failed; will retry on the next interval").length;
      await waitFor(() => checkFailures() === HUB_FILES.length, "one failed check per file", 30_000);
      await clock.advance(60_000);
      await waitFor(() => checkFailures() === 2 * HUB_FILES.length, "retried at the next interval", 30_000);
      expect(offlinePolls).toEqual([]);
      expect(new Set(warnings.map((w) => w.source))).toEqual(new Set(HUB_FILES.map((f) => f.source)));
      expect(await runsBySource()).toEqual(runsBefore);
    }, 120_000);
  });
});
