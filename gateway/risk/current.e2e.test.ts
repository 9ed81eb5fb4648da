// End to end: the real CDC files (shared/data/covidhub) and the JHU lookup ingested
// through the mesh (covid-data → JetStream → persistence → Postgres), an exposure-risk worker
// reading them back from storage, and the gateway's REST answers:
// Houston → edVisits from Harris County (48201) for the newest week; Los Angeles → California's
// state row; Texas admissions per 100k and level as computed here from the file and locations.csv.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parquetReadObjects } from "hyparquet";
import { submitIngest } from "../../cli/ingestClient.ts";
import { SHARED_DATA, TEST_NATS_URL } from "../../cli/testSupport.ts";
import { connectMesh, type Mesh } from "../../mesh/mod.ts";
import { startIngestionSystem, type IngestionSystem } from "../../workers/covid-data/testSupport.ts";
import { needsSharedData } from "../../testenv/sharedDataGate.ts";
import type { Clusters, HospForecastAnswer, JobEvent, RiskAnswer, WeeklyHistory } from "../../domain/mod.ts";
import { startExposureRiskWorker, type ExposureRiskWorker } from "../../workers/exposure-risk/mod.ts";
import { startGateway, type Gateway } from "../main.ts";

const HUB = join(SHARED_DATA, "covidhub");
const LOOKUP = join(SHARED_DATA, "jhu_csse/UID_ISO_FIPS_LookUp_Table.csv.gz");
const shared = needsSharedData(
  LOOKUP,
  ...["nssp-raw-asof-2025-12-31.parquet", "covid-hospital-admissions.csv", "hospital-admissions-vintages.csv.gz", "time-series-asof-2025-12-31.parquet", "locations.csv"].map((f) =>
    join(HUB, f),
  ),
);
const HOUSTON = "lat=29.7604&lon=-95.3698";
const LOS_ANGELES = "lat=34.0522&lon=-118.2437";

let system: IngestionSystem;
const meshes: Mesh[] = [];
let worker: ExposureRiskWorker;
let gateway: Gateway;
const jobs: Record<string, JobEvent> = {};

async function ingest(source: string, file: string): Promise<void> {
  const job = await submitIngest(system.client, { source, file }, { timeoutMs: 170_000 });
  jobs[source] = await job.done;
}

const get = async <T>(path: string): Promise<T> => {
  const res = await fetch(`${gateway.url}${path}`);
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
};

beforeAll(async () => {
  if (!shared.present) return;
  system = await startIngestionSystem();
  const connect = async (name: string) => {
    const m = await connectMesh({ servers: TEST_NATS_URL.split(","), name, contract: system.client.contract });
    meshes.push(m);
    return m;
  };
  // Started before the ingest: `current` must arrive through the commit events, not a start-up load.
  worker = await startExposureRiskWorker({ mesh: await connect("exposure-risk"), storage: system.storage, ascertainment: 5, riskModels: false, rebuildDebounceMs: 100 });
  gateway = await startGateway({ mesh: await connect("gateway"), port: 0, hostname: "127.0.0.1", requestTimeoutMs: 10_000 });
  await ingest("jhu-lookup", LOOKUP);
  await Promise.all([
    ingest("nssp-ed-visits", join(HUB, "nssp-raw-asof-2025-12-31.parquet")),
    ingest("covidhub-hosp", join(HUB, "covid-hospital-admissions.csv")),
    ingest("covidhub-hosp-vintages", join(HUB, "hospital-admissions-vintages.csv.gz")),
    ingest("covidhub-time-series", join(HUB, "time-series-asof-2025-12-31.parquet")),
  ]);
  const failed = Object.values(jobs).filter((j) => j.state !== "done");
  if (failed.length > 0) throw new Error(`ingest failed (set SHARED_DATA?): ${failed.map((j) => `${j.source}: ${j.error}`).join("; ")}`);
  // The commit events reach the worker asynchronously, and a reload may start while a later
  // job is still being stored: wait until the worker holds everything storage holds.
  const stored = await Promise.all([
    system.storage.loadWeeklySeries("nssp-ed-visits", "ed-visits-pct"),
    system.storage.loadWeeklySeries("covidhub-hosp", "hosp-admissions"),
    system.storage.loadWeeklySeries("covidhub-time-series", "hosp-admissions"),
  ]).then((s) => s.map((x) => x.regionId.length));
  const deadline = Date.now() + 60_000;
  for (;;) {
    await worker.riskModelsIdle();
    const w = worker.current()?.latest();
    const held = w ? [w.ed, ...w.hosp].map((x) => x.series.regionId.length) : [];
    const clusters = worker.current()?.clusters();
    const regions = worker.snapshot()?.regions.size ?? 0;
    if (JSON.stringify(held) === JSON.stringify(stored) && regions > 4000 && clusters && clusters.run.regionId.length > 1000) break;
    if (Date.now() > deadline) {
      throw new Error(`the worker did not load the weekly data in time: ${JSON.stringify({ held, stored, regions, clustered: clusters?.run.regionId.length })}`);
    }
    await Bun.sleep(200);
  }
  // The clusters of that last reload (it computes them right after the data goes live).
  await worker.current()!.idle();
}, 240_000);

afterAll(async () => {
  await gateway?.stop();
  await worker?.stop();
  await Promise.all(meshes.map((m) => m.close()));
  await system?.stop();
}, 60_000);

interface NsspRow {
  week: string;
  percent_visits_covid: number | null;
  covid_threshold_classification: string;
  ed_trends_covid: string;
}

let nsspFile: Promise<Array<Record<string, unknown>>> | null = null;

/** The NSSP rows of one fips, read here directly from the parquet file (once), oldest first. */
async function nsspRows(fips: string): Promise<NsspRow[]> {
  nsspFile ??= (async () => {
    const buf = readFileSync(join(HUB, "nssp-raw-asof-2025-12-31.parquet"));
    return (await parquetReadObjects({
      file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength),
      columns: ["week_end", "fips", "percent_visits_covid", "covid_threshold_classification", "ed_trends_covid"],
    })) as Array<Record<string, unknown>>;
  })();
  const rows = await nsspFile;
  return rows
    .filter((r) => r.fips === fips)
    .map((r) => ({ ...r, week: (r.week_end as Date).toISOString().slice(0, 10) }) as unknown as NsspRow)
    .sort((a, b) => a.week.localeCompare(b.week));
}

const cdcName = (s: string) => s.toLowerCase().replace(" ", "-");

shared.describe("end to end: real CDC files → mesh → Postgres → risk worker → REST", () => {
  test("every ingest finished", () => {
    for (const source of ["jhu-lookup", "nssp-ed-visits", "covidhub-hosp", "covidhub-hosp-vintages", "covidhub-time-series"]) {
      expect([source, jobs[source].state, jobs[source].error ?? null]).toEqual([source, "done", null]);
    }
  }, 60_000);

  test("Houston answers edVisits from Harris County (48201) for the newest week", async () => {
    const harris = (await nsspRows("48201")).filter((r) => r.percent_visits_covid !== null).at(-1)!;
    const a = await get<RiskAnswer>(`/v1/risk?${HOUSTON}`);
    expect(a.current.edVisits).toEqual({
      regionId: 84048201,
      name: "Harris",
      fips: "48201",
      scope: "county",
      weekEnding: harris.week,
      percentCovid: harris.percent_visits_covid!,
      level: cdcName(harris.covid_threshold_classification) as never,
      trend: cdcName(harris.ed_trends_covid) as never,
      source: "nssp",
    });
    expect(harris.week).toBe("2025-12-27");
    // No daily data was ingested: the answer is the weekly one, in Harris County.
    expect(a.region).toMatchObject({ id: 84048201, level: "county" });
    expect(a.metrics.caseDensity).toBeNull();
  }, 60_000);

  test("Los Angeles answers from California's state row (06000): its county rows say Data Unavailable", async () => {
    const county = await nsspRows("06037");
    expect(county.length).toBeGreaterThan(0);
    expect(county.every((r) => r.percent_visits_covid === null && r.covid_threshold_classification === "Data Unavailable")).toBe(true);
    const state = (await nsspRows("06000")).filter((r) => r.percent_visits_covid !== null).at(-1)!;
    const a = await get<RiskAnswer>(`/v1/risk?${LOS_ANGELES}`);
    expect(a.current.edVisits).toEqual({
      regionId: 84000006,
      name: "California",
      fips: "06",
      scope: "state",
      weekEnding: state.week,
      percentCovid: state.percent_visits_covid!,
      level: cdcName(state.covid_threshold_classification) as never,
      trend: cdcName(state.ed_trends_covid) as never,
      source: "nssp",
    });
  }, 60_000);

  test("Texas admissions per 100k and their level match the file and locations.csv", async () => {
    const rows = readFileSync(join(HUB, "covid-hospital-admissions.csv"), "utf8")
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => l.split(","));
    const tx = rows
      .filter((r) => r[0] === "TX")
      .sort((a, b) => a[1].localeCompare(b[1]))
      .at(-1)!;
    const population = Number(
      readFileSync(join(HUB, "locations.csv"), "utf8")
        .split("\n")
        .find((l) => l.startsWith("TX,"))!
        .split(",")[3],
    );
    const per100k = (Number(tx[2]) / population) * 100_000;
    const level = per100k < 10 ? "low" : per100k < 20 ? "medium" : "high";
    const a = await get<RiskAnswer>(`/v1/risk?${HOUSTON}`);
    expect(a.current.hospitalAdmissions).toMatchObject({ regionId: 84000048, name: "Texas", weekEnding: tx[1], weekly: Number(tx[2]), level, source: "nhsn" });
    expect(a.current.hospitalAdmissions!.per100k).toBeCloseTo(per100k, 10);
    expect([tx[1], Number(tx[2]), population, level]).toEqual(["2025-12-27", 268, 28995881, "low"]);
  }, 60_000);

  test("date= in the past answers from the admissions vintage published by then", async () => {
    // Vintages published by 2025-06-14 (a Saturday): Texas' week 2025-06-07 was first published 2025-06-13 (250, later revised to 275).
    const lines = new TextDecoder()
      .decode(Bun.gunzipSync(new Uint8Array(readFileSync(join(HUB, "hospital-admissions-vintages.csv.gz")))))
      .trim()
      .split(/\r?\n/);
    const header = lines[0].split(",");
    const col = (name: string) => header.indexOf(name);
    const known = lines
      .slice(1)
      .map((l) => l.split(","))
      .filter((r) => r[col("location")] === "48" && r[col("as_of")] <= "2025-06-14" && r[col("target_end_date")] <= "2025-06-14");
    known.sort((a, b) => a[col("target_end_date")].localeCompare(b[col("target_end_date")]) || a[col("as_of")].localeCompare(b[col("as_of")]));
    const expected = known.at(-1)!;
    const a = await get<RiskAnswer>(`/v1/risk?${HOUSTON}&date=2025-06-14`);
    expect(a.current.hospitalAdmissions).toMatchObject({ weekEnding: expected[col("target_end_date")], weekly: Number(expected[col("value")]), dataset: "covidhub-hosp" });
    expect(a.current.edVisits!.weekEnding <= "2025-06-14").toBe(true);
    expect(a.asOf).toBe("2025-06-14");
  }, 60_000);

  test("Texas' admission forecast from the real files (JSON, hubverse CSV, stored, in the risk answer)", async () => {
    const path = "/v1/regions/84000048/forecast?target=wk-inc-covid-hosp";
    const deadline = Date.now() + 60_000;
    let f: HospForecastAnswer | null = null;
    // The forecast follows the last weekly reload; wait until it is of the newest publication.
    while (f?.referenceDate !== "2026-01-03") {
      if (Date.now() > deadline) throw new Error(`no forecast of 2026-01-03: ${JSON.stringify(f?.referenceDate)}`);
      const res = await fetch(`${gateway.url}${path}`, { headers: { "cache-control": "no-cache" } });
      f = res.status === 200 ? ((await res.json()) as HospForecastAnswer) : null;
      if (f?.referenceDate !== "2026-01-03") await Bun.sleep(200);
    }
    expect(f).toMatchObject({ location: "48", lastObservedWeek: "2025-12-27", lastObservedValue: 268, target: "wk inc covid hosp" });
    expect(f.horizons.map((h) => h.horizon)).toEqual([-1, 0, 1, 2, 3]);
    for (const h of f.horizons) for (let q = 1; q < 23; q++) expect(h.quantiles[q].value).toBeGreaterThanOrEqual(h.quantiles[q - 1].value);
    const csv = await fetch(`${gateway.url}${path}&format=hubverse`);
    expect(csv.headers.get("content-type")).toStartWith("text/csv");
    const lines = (await csv.text()).trimEnd().split("\n");
    expect(lines[0]).toBe("reference_date,location,horizon,target,target_end_date,output_type,output_type_id,value");
    expect(lines).toHaveLength(1 + 5 * 23);
    const stored = await system.storage.listForecasts(84000048, { model: "covid-mesh" });
    expect(stored.map((r) => r.target)).toEqual(["-1 wk inc covid hosp", "0 wk inc covid hosp", "1 wk inc covid hosp", "2 wk inc covid hosp", "3 wk inc covid hosp"]);
    expect((await fetch(`${gateway.url}/v1/regions/84048201/forecast?target=wk-inc-covid-hosp`)).status).toBe(404);
    const a = await get<RiskAnswer>(`/v1/risk?${HOUSTON}`);
    expect(a.hospitalAdmissionsForecast).toMatchObject({ regionId: 84000048, referenceDate: "2026-01-03" });
  }, 90_000);

  test("current clusters are stored and listed; the weekly history of Los Angeles shows California's rows", async () => {
    const c = await get<Clusters>("/v1/clusters?run=current");
    expect(c.run).toBe("current");
    expect(c.asOf).toBe("2025-12-27");
    expect(c.members.regionIds).toContain(84048201);
    expect(c.members.regionIds).not.toContain(84006037);
    expect(c.runIds).toHaveLength(1);
    const stored = (await system.storage.latestClusterRun("county", "current"))!;
    expect(stored).toMatchObject({ id: c.runIds[0], kind: "current", features: ["logEdVisitsPct", "edTrend", "logStateAdmissionsPer100k"] });
    expect(stored.regionId.length).toBe(c.members.regionIds.length);
    expect(await system.storage.latestClusterRun("county")).toBeNull(); // no historical run: no daily data

    const h = await get<WeeklyHistory>("/v1/regions/84006037/weekly?from=2025-12-01");
    expect(h.edVisits).toMatchObject({ regionId: 84000006, scope: "state" });
    expect(h.edVisits!.weeks.at(-1)).toBe("2025-12-27");
    expect(h.hospitalAdmissions).toMatchObject({ regionId: 84000006, name: "California" });
  }, 60_000);
});
