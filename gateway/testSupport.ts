// Test helpers of the gateway: a fake MeshPort that records every call (so a test can tell
// whether a request crossed the mesh) with valid answers of each kind, and problem checks.
import { expect } from "bun:test";
import { MeshRemoteError } from "../mesh/mod.ts";
import type { Clusters, Forecast, HospForecastAnswer, RegionDetail, RiskAnswer, Timeseries, WeeklyHistory } from "../domain/mod.ts";
import { riskFrameOf, type RiskRegionQuery } from "../mesh/mod.ts";
import { formatHubverseCsv } from "../models/forecast/hosp/mod.ts";
import { QUANTILE_LEVELS } from "../models/mod.ts";
import { createApp } from "./app.ts";
import { createApiKeyVerifier } from "./auth/apiKeys.ts";
import type { GatewayOptions, MeshPort } from "./types.ts";
import type { ActivityQuery, DevicePing, IngestJob, JobRecord, ReportBatch } from "../domain/mod.ts";
import { recordFinished, recordQueued } from "../jobs/mod.ts";

export const riskAnswer: RiskAnswer = {
  region: { id: 84036061, name: "New York", level: "county", fips: "36061", iso3: "USA", population: 1628706, lat: 40.767, lon: -73.97 },
  match: "contains",
  distanceKm: 6.7,
  asOf: "2020-12-30",
  dataset: "jhu-us",
  metrics: {
    cumulativeCases: 1,
    cumulativeDeaths: 1,
    newCases7dAvg: 1,
    newCases7dAvgPer100k: 1,
    casesLast10Days: 1,
    caseDensity: 30.8,
    weeklyNewCasesPer100k: 215.7,
    infectionRate: null,
    infectionRateCI90: null,
    testPositivityRatio: null,
  },
  eventRisk: { groupSize: 10, ascertainment: 5, prevalence: 0.01, probability: 0.1 },
  regions: [
    { id: 84036061, name: "New York", level: "county", match: "contains", distanceKm: 6.7, lastDate: "2020-12-30", fresh: true },
    { id: 84000036, name: "New York", level: "state", match: "contains", distanceKm: 179.6, lastDate: null, fresh: false },
  ],
  riskLevels: { overall: "critical", caseDensity: "critical", infectionRate: "unknown", testPositivityRatio: "unknown" },
  cdcLevel: "high",
  cluster: { id: 2, label: "high and rising" },
  forecast: {
    model: "COVIDhub-baseline",
    target: "inc case",
    forecastDate: "2020-12-28",
    lastObservedWeek: "2020-12-26",
    lastObservedValue: 3861,
    horizons: [1, 2, 3, 4].map((h) => ({
      horizon: h,
      targetEndDate: ["2021-01-02", "2021-01-09", "2021-01-16", "2021-01-23"][h - 1],
      median: 3861,
      lower50: 3861 - 300 * h,
      upper50: 3861 + 300 * h,
      lower95: 3861 - 700 * h,
      upper95: 3861 + 700 * h,
    })),
  },
  current: {
    edVisits: {
      regionId: 84036061,
      name: "New York",
      fips: "36061",
      scope: "county",
      weekEnding: "2025-12-27",
      percentCovid: 0.83,
      level: "low",
      trend: "increasing",
      source: "nssp",
    },
    hospitalAdmissions: { regionId: 84000036, name: "New York", weekEnding: "2025-12-27", weekly: 450, per100k: 2.31, level: "low", source: "nhsn", dataset: "covidhub-hosp" },
  },
};

const region = riskAnswer.region;

export const regionDetail: RegionDetail = {
  ...region,
  displayName: "New York, New York, US",
  parents: [{ id: 84000036, name: "New York", level: "state", fips: "36", iso3: "USA", population: 19453561, lat: 42.2, lon: -74.9 }],
  dataset: "jhu-us",
  firstDate: "2020-01-22",
  lastDate: "2020-12-30",
};

export const timeseries: Timeseries = {
  region,
  dataset: "jhu-us",
  days: ["2020-12-29", "2020-12-30"],
  metrics: {
    cumulativeCases: [59000, 60281],
    newCases: [500, 1281],
    newCases7dAvg: [480, 501.9],
    caseDensity: [29.5, 30.8],
    weeklyNewCasesPer100k: [206, 215.7],
    cumulativeDeaths: [3320, 3331],
    newDeaths7dAvg: [2, 3],
    infectionRate: [null, 1.12],
    infectionRateCI90Low: [null, 1.01],
    infectionRateCI90High: [null, 1.23],
  },
  riskLevels: { overall: ["critical", "critical"], caseDensity: ["critical", "critical"], infectionRate: ["unknown", "high"] },
  cdcLevel: ["high", "high"],
};

const levels = [0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.975, 0.99];
export const forecast: Forecast = {
  region,
  model: "COVIDhub-baseline",
  forecastDate: "2020-12-28",
  location: "36061",
  targets: [1, 2].map((h) => ({
    target: `${h} wk ahead inc case`,
    targetEndDate: h === 1 ? "2021-01-02" : "2021-01-09",
    point: 3861,
    quantiles: levels.map((q, i) => ({ quantile: q, value: 3000 + 80 * i })),
  })),
};

export const clusters: Clusters = {
  run: "historical",
  runIds: [7],
  method: "k-means on caseDensity and growth",
  asOf: "2020-12-30",
  clusters: [{ id: 2, label: "high and rising", size: 2, centre: { caseDensity: 40, growth: 0.02 } }],
  members: { regionIds: [84036061, 84036047], clusterIds: [2, 2] },
};

export const currentClusters: Clusters = {
  run: "current",
  runIds: [8],
  method: "k-means++ over the current CDC indicators",
  asOf: "2025-12-27",
  clusters: [{ id: 0, label: "ED 0.30%, increasing, admissions low", size: 2, centre: { edVisitsPct: 0.3, edTrend: 1, stateAdmissionsPer100k: 2 } }],
  members: { regionIds: [84036061, 84036047], clusterIds: [0, 0] },
};

export const weeklyHistory: WeeklyHistory = {
  region: { id: 84036061, name: "New York", level: "county" },
  edVisits: {
    regionId: 84036061,
    name: "New York",
    scope: "county",
    source: "nssp",
    weeks: ["2025-12-20", "2025-12-27"],
    percentCovid: [0.7, 0.83],
    level: ["low", "low"],
    trend: [null, "increasing"],
  },
  hospitalAdmissions: {
    regionId: 84000036,
    name: "New York",
    source: "nhsn",
    dataset: "covidhub-hosp",
    population: 19453561,
    weeks: ["2025-12-20", "2025-12-27"],
    weekly: [400, 450],
    per100k: [2.056, 2.313],
    level: ["low", "low"],
  },
};

/** Texas' admission forecast as the worker sends it (increasing made-up quantiles around 300 + 10 h). */
const texasHosp = [-1, 0, 1, 2, 3].map((horizon) => ({
  regionId: 84000048,
  location: "48",
  referenceDate: "2026-01-03",
  horizon,
  targetEndDate: new Date(Date.parse("2026-01-03T00:00:00Z") + horizon * 7 * 86_400_000).toISOString().slice(0, 10),
  quantiles: Float64Array.from(QUANTILE_LEVELS, (p) => 300 + 10 * horizon + 200 * (p - 0.5) * (1 + horizon / 2)),
}));
export const hospForecastTexas: HospForecastAnswer = {
  region: { id: 84000048, name: "Texas", level: "state" },
  location: "48",
  model: "covid-mesh",
  target: "wk inc covid hosp",
  referenceDate: "2026-01-03",
  dataset: "covidhub-hosp",
  lastObservedWeek: "2025-12-27",
  lastObservedValue: 268,
  horizons: texasHosp.map((f) => ({
    horizon: f.horizon,
    target: `${f.horizon} wk inc covid hosp`,
    targetEndDate: f.targetEndDate,
    median: f.quantiles[11],
    quantiles: Array.from(f.quantiles, (value, i) => ({ quantile: QUANTILE_LEVELS[i], value })),
  })),
};
export const hospForecastTexasCsv = formatHubverseCsv(texasHosp);

export type FakeMesh = MeshPort & {
  /** Every call, by method name, with its argument. */
  calls: Array<{ method: string; arg: unknown; correlationId?: string }>;
  queries: RiskRegionQuery[];
  /** Fires the data-changed listeners, as a mesh update event would. */
  changeData(reason?: string): void;
};

export function fakeMesh(overrides: Partial<MeshPort> = {}): FakeMesh {
  const calls: FakeMesh["calls"] = [];
  const queries: RiskRegionQuery[] = [];
  const listeners = new Set<(reason: string) => void>();
  const record = <T>(method: string, arg: unknown, correlationId: string | undefined, value: T) => {
    calls.push({ method, arg, correlationId });
    return value;
  };
  // The jobs, reports and activity methods are in fakeJobsMesh.
  const base: Partial<MeshPort> = {
    // The fixture's distances are made up: it travels whole, as an answer for its point only.
    async risk(q, ctx) {
      queries.push(q);
      return record(
        "risk",
        q,
        ctx.correlationId,
        riskFrameOf({ ...riskAnswer, eventRisk: { ...riskAnswer.eventRisk, groupSize: q.groupSize } }, () => null),
      );
    },
    async riskBatch(qs, ctx) {
      return record(
        "riskBatch",
        qs,
        ctx.correlationId,
        qs.map((q) =>
          q.date && q.date < "2020-01-22"
            ? { error: { code: "no_data_for_date", message: `no data for ${q.date}` } }
            : { answer: { ...riskAnswer, eventRisk: { ...riskAnswer.eventRisk, groupSize: q.groupSize } } },
        ),
      );
    },
    async searchRegions(q, ctx) {
      return record("searchRegions", q, ctx.correlationId, { regions: [{ ...region, displayName: "New York, New York, US", lastDate: "2020-12-30" }] });
    },
    async region(id, ctx) {
      return record("region", id, ctx.correlationId, { ...regionDetail, id });
    },
    async timeseries(q, ctx) {
      return record("timeseries", q, ctx.correlationId, timeseries);
    },
    async forecast(id, ctx) {
      return record("forecast", id, ctx.correlationId, forecast);
    },
    async hospForecast(q, ctx) {
      if (q.id !== 84000048) throw new MeshRemoteError("no_hosp_forecast", `no hospital-admission forecast for region ${q.id}`);
      return record("hospForecast", q, ctx.correlationId, q.format === "hubverse" ? { ...hospForecastTexas, hubverseCsv: hospForecastTexasCsv } : hospForecastTexas);
    },
    async clusters(ctx, run) {
      return record("clusters", run ?? null, ctx.correlationId, run === "current" ? currentClusters : clusters);
    },
    async weekly(q, ctx) {
      return record("weekly", q, ctx.correlationId, weeklyHistory);
    },
    async storageHealth() {
      return { ok: true, driver: "pglite", ms: 1 };
    },
    async riskStatus() {
      return { ready: true, regions: 3, lastDate: "2020-12-30" };
    },
    async natsConnected() {
      return true;
    },
    onDataChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    ...(base as MeshPort),
    ...overrides,
    calls,
    queries,
    changeData(reason = "test") {
      for (const l of listeners) l(reason);
    },
  };
}

/** An app over `mesh` with a short deadline and no rate limit unless the test sets one. */
export const testApp = (mesh: MeshPort, opts: Partial<GatewayOptions> = {}) => createApp({ mesh, requestTimeoutMs: 500, rateLimit: { ratePerSecond: 0, burst: 1 }, ...opts });

/** A problem+json body as a test reads it: 400s list each bad parameter in `errors`. */
export type CheckedProblem = Record<string, unknown> & { detail?: string; errors?: { path: string; message: string }[] };

export async function expectProblem(res: Response, status: number): Promise<CheckedProblem> {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toStartWith("application/problem+json");
  const body = (await res.json()) as { status: number; title: string; type: string };
  expect(body.status).toBe(status);
  expect(body.title.length).toBeGreaterThan(0);
  expect(body.type).toStartWith("https://");
  return body as CheckedProblem;
}

export const KEY = "test-key-1";
export const auth = { authorization: `Bearer ${KEY}`, "content-type": "application/json" };

export interface FakeJobsMesh {
  port: MeshPort;
  jobs: Map<string, JobRecord>;
  ingested: IngestJob[];
  reports: ReportBatch[];
  pings: DevicePing[];
  activityQueries: ActivityQuery[];
}

/**
 * A MeshPort for the jobs, reports and activity routes: it records what was submitted and
 * keeps job records in memory; with `finishOnWait` a wait ends the job as done.
 */
export function fakeJobsMesh(opts: { finishOnWait?: boolean } = {}): FakeJobsMesh {
  const jobs = new Map<string, JobRecord>();
  const f: Omit<FakeJobsMesh, "port"> = { jobs, ingested: [], reports: [], pings: [], activityQueries: [] };
  const now = () => new Date().toISOString();
  const queue = (jobId: string, source: string, location: string | null, origin: "api" | "reports", owner?: string) => {
    const dup = jobs.has(jobId);
    if (!dup) jobs.set(jobId, recordQueued(null, { jobId, source, origin, location, requestedAt: now(), owner }, now()));
    return { duplicate: dup, record: jobs.get(jobId)! };
  };
  const counts = { accepted: 3, rejected: 0, unchanged: 0, revised: 0, regions: 0 };
  const mine: Partial<MeshPort> = {
    async submitIngest(job, _ctx, o) {
      f.ingested.push(job);
      return queue(job.jobId, job.source, job.url ?? job.file ?? null, "api", o?.owner);
    },
    async submitReports(batch, _ctx, o) {
      f.reports.push(batch);
      return queue(batch.jobId, "reports", null, "reports", o?.owner);
    },
    async job(id) {
      return jobs.get(id) ?? null;
    },
    async waitForJob(id) {
      const r = jobs.get(id) ?? null;
      if (!r || !opts.finishOnWait) return r;
      const done = recordFinished(r, { jobId: id, source: r.source, state: "done", counts }, now());
      jobs.set(id, done);
      return done;
    },
    async submitActivity(batch) {
      f.pings.push(...batch.pings);
      return { received: batch.pings.length, accepted: batch.pings.length, unlocated: 0, rejected: 0 };
    },
    async activity(q) {
      f.activityQueries.push(q);
      return { regionId: q.regionId, from: q.from, to: q.to, k: 10, hourly: [], daily: [] };
    },
    onDataChanged: () => () => {},
  };
  return { ...f, port: mine as MeshPort };
}

/** An app over the fake with one API key, KEY (rate limit as configured by default). */
export function keyedApp(fake: FakeJobsMesh, extra: Partial<GatewayOptions> = {}) {
  return createApp({ mesh: fake.port, requestTimeoutMs: 500, apiKeys: createApiKeyVerifier({ keys: [KEY] }), ...extra });
}

/** POSTs `body` (JSON unless a string) with `headers`, by default the API key and JSON. */
export const post = (a: ReturnType<typeof keyedApp>, path: string, body: unknown, headers: Record<string, string> = auth) =>
  a.request(path, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });
