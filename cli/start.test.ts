// The laptop path, as `npm start` runs it (launch()): no NATS_URL and no DATABASE_URL → an
// embedded nats-server child and PGlite; the bundled sample ingested on first start (region
// lookup, the CDC Forecast Hub's 2025 files, JHU 2020). First with live mode off: no request
// leaves for the hub. Then the same data directory restarted with live mode on, against a
// loopback stand-in for GitHub raw: the scheduler polls the three files and each becomes one job.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pino from "pino";
import { isTerminal, openJobStore } from "../jobs/mod.ts";
import type { JobRecord } from "../domain/mod.ts";
import type { PollOnceResult } from "../workers/scheduler/mod.ts";
import { launch } from "./commands/start.ts";
import { startHubTestServer, type HubTestServer } from "./hubTestServer.ts";
import { HUB_FILES } from "./liveMode.ts";
import type { System } from "./system.ts";
import { SHARED_DATA, testConfig } from "./testSupport.ts";

const SAMPLE = join(import.meta.dir, "../sample");
const HARRIS_COUNTY = 84048201;
const TEXAS = 84000048;
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

let hub: HubTestServer;
// A generous mesh deadline: under load the risk pool may still be computing models when asked.
const config = testConfig({ NATS_URL: undefined, DATABASE_URL: undefined, MESH_PREFIX: "", INGEST_SAMPLE: "true", REQUEST_TIMEOUT_MS: "30000" });
let system: System | undefined;

beforeAll(() => {
  hub = startHubTestServer();
  // The hub's files as the sample has them, published "now" (Last-Modified today).
  const now = new Date();
  hub.publish("target-data/covid-hospital-admissions.csv", readFileSync(join(SHARED_DATA, "covidhub/covid-hospital-admissions.csv")), now);
  hub.publish("target-data/time-series.parquet", readFileSync(join(SAMPLE, "time-series-asof-2025-12-31.parquet")), now);
  hub.publish("auxiliary-data/nssp-raw-data/latest.parquet", readFileSync(join(SAMPLE, "nssp-raw-asof-2025-12-31.parquet")), now);
});

afterAll(async () => {
  await system?.stop();
  hub.stop();
  config.cleanup();
});

async function valueAt(sys: System, source: string, metric: "hosp-admissions" | "ed-visits-pct", region: number, week: string): Promise<number | undefined> {
  const s = await sys.storage.loadWeeklySeries(source, metric);
  for (let i = 0; i < s.regionId.length; i++) if (s.regionId[i] === region && s.weekEnd[i] === day(week)) return s.value[i];
  return undefined;
}

test("npm start, live mode off: embedded NATS + PGlite, sample ingested, 2025 data at start, no request to the hub", async () => {
  const off = { ...config, LIVE_MODE: false, LIVE_BASE_URL: hub.url };
  // npm start's own log lines, to report how long each sample file took.
  const logged: Array<Record<string, unknown>> = [];
  const log = pino({ level: "info" }, { write: (line: string) => void logged.push(JSON.parse(line)) });
  const started = await launch(off, log);
  system = started.system;
  try {
    expect(system.storage.driver).toBe("pglite");
    expect(readFileSync(join(config.dataDir, "nats.url"), "utf8").trim()).toBe(system.natsUrl);
    expect(existsSync(join(config.dataDir, "nats"))).toBe(true);
    const t0 = performance.now();
    await started.ready;
    console.log(`sample ingested at start in ${Math.round(performance.now() - t0)} ms`);
    const files = logged.filter((l) => l.msg === "sample file ingested");
    for (const f of files) console.log(`  ${f.jobId}: ${f.state}, accepted ${f.accepted}, done at ${f.ms} ms`);
    expect(files.map((f) => String(f.jobId).replace(/-[a-z0-9]+-[0-9a-f]{8}$/, ""))).toEqual([
      "jhu-lookup", "covidhub-hosp-vintages", "covidhub-time-series", "nssp-ed-visits", "jhu-us-cases", "jhu-us-deaths",
    ]);
    expect(files.every((f) => f.state === "done")).toBe(true);

    // 2025, offline: Texas admissions (NHSN) and Harris County's ED share (NSSP) as published 2025-12-31.
    expect(await valueAt(system, "covidhub-hosp", "hosp-admissions", TEXAS, "2025-12-27")).toBe(268);
    expect(await valueAt(system, "nssp-ed-visits", "ed-visits-pct", HARRIS_COUNTY, "2025-12-27")).toBe(0.27);
    // The revision history came along (the vintages file): Texas, week ending 2025-12-13, as published
    // on 2025-12-17, revised on 12-29 and 12-31; as known on 2025-12-20, the first value.
    const revisions = await system.storage.weeklyRevisions("covidhub-hosp", "hosp-admissions", TEXAS, "2025-12-13");
    expect(revisions.map((r) => [r.asOf, r.value])).toEqual([["2025-12-17", 186], ["2025-12-29", 196], ["2025-12-31", 197]]);
    const asOf = await system.storage.loadWeeklySeries("covidhub-hosp", "hosp-admissions", "2025-12-20");
    const i = [...asOf.regionId.keys()].find((k) => asOf.regionId[k] === TEXAS && asOf.weekEnd[k] === day("2025-12-13"))!;
    expect(asOf.value[i]).toBe(186);

    // JHU 2020 still answers for New York County.
    await system.risk.rebuild();
    const res = await fetch(`${system.gateway.url}/v1/risk?lat=40.7128&lon=-74.0060`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.region.id).toBe(84036061);
    expect(body.eventRisk.probability).toBeGreaterThan(0);

    expect(hub.requests).toEqual([]); // live mode off: nothing polled
  } finally {
    await system.stop();
    system = undefined;
  }
}, 600_000);

test("npm start again, live mode on: no second sample, the three hub files polled once each, one job each", async () => {
  const polls: Array<{ source: string; r: PollOnceResult }> = [];
  const on = { ...config, LIVE_MODE: true, LIVE_BASE_URL: hub.url };
  const logged: Array<Record<string, unknown>> = [];
  const log = pino({ level: "info" }, { write: (line: string) => void logged.push(JSON.parse(line)) });
  const t0 = performance.now();
  const started = await launch(on, log, { schedulerHooks: { onPoll: (source, r) => polls.push({ source, r }) } });
  system = started.system;
  await started.ready;
  expect(logged.filter((l) => l.msg === "sample file ingested")).toEqual([]); // the database has it already
  expect(logged.some((l) => l.msg === "scheduler running" && l.live === true)).toBe(true);
  const deadline = Date.now() + 30_000;
  while (polls.length < HUB_FILES.length && Date.now() < deadline) await Bun.sleep(50);
  expect(polls.map((p) => p.source).sort()).toEqual(HUB_FILES.map((f) => f.source).sort());
  expect(polls.every((p) => p.r.changed && !p.r.enqueued!.duplicate)).toBe(true);

  const store = await openJobStore(system.client);
  const jobs: JobRecord[] = [];
  for (const p of polls) {
    const r = await store.follow(p.r.jobId!, 240_000);
    expect(r && isTerminal(r.state)).toBe(true);
    jobs.push(r!);
  }
  console.log(`live jobs done ${Math.round(performance.now() - t0)} ms after start: ${jobs.map((j) => `${j.jobId} ${JSON.stringify(j.counts)}`).join("; ")}`);
  for (const j of jobs) expect(j).toMatchObject({ state: "done", origin: "poll" });
  // The hub's files of 2025-12-31 are what the sample holds: every row unchanged, nothing rewritten.
  for (const j of jobs) expect(j.counts).toMatchObject({ accepted: 0, revised: 0 });
  const hospRows = readFileSync(join(SHARED_DATA, "covidhub/covid-hospital-admissions.csv"), "utf8").trim().split("\n").length - 1;
  expect(jobs.find((j) => j.source === "covidhub-hosp")!.counts!.unchanged).toBe(hospRows);
  expect(hub.requests.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(HUB_FILES.length);
}, 600_000);
