// Live mode: with LIVE_MODE on, the scheduler polls the CDC COVID-19 Forecast
// Hub's published files and queues one ingest job per new publication. It adds change pollers
// (workers/scheduler/pollLoop.ts) to whatever POLLERS configures: each check is one conditional
// request (If-None-Match / If-Modified-Since) and the job id is derived from the source and the
// publication's validators, so every scheduler instance of the mesh agrees on it.
import { z } from "zod";
import { COVIDHUB_HOSP_SOURCE, COVIDHUB_TIME_SERIES_SOURCE, NSSP_ED_VISITS_SOURCE } from "../domain/mod.ts";
import type { PollerSpec } from "../workers/scheduler/mod.ts";
import { pollersOf } from "./ingestionConfig.ts";

/** Where the hub publishes (GitHub raw of CDCgov/covid19-forecast-hub, branch main). */
export const HUB_RAW_BASE_URL = "https://raw.githubusercontent.com/CDCgov/covid19-forecast-hub/main";

/** The hub's published files, by the source id whose adapter reads them. */
export const HUB_FILES: ReadonlyArray<{ source: string; path: string }> = [
  { source: COVIDHUB_HOSP_SOURCE, path: "target-data/covid-hospital-admissions.csv" },
  { source: COVIDHUB_TIME_SERIES_SOURCE, path: "target-data/time-series.parquet" },
  { source: NSSP_ED_VISITS_SOURCE, path: "auxiliary-data/nssp-raw-data/latest.parquet" },
];

const flag = z
  .enum(["true", "false", "1", "0", "on", "off", ""])
  .default("false")
  .transform((v) => v === "true" || v === "1" || v === "on");

export const liveEnv = {
  /** Poll the Forecast Hub's published files and ingest each new publication (off by default). */
  LIVE_MODE: flag,
  /** Base URL the hub paths are appended to; a mirror or a test server may stand in for GitHub. */
  LIVE_BASE_URL: z
    .url()
    .default(HUB_RAW_BASE_URL)
    .transform((v) => v.replace(/\/+$/, "")),
  /** Seconds between two checks of each file (the hub publishes weekly, on Wednesdays). */
  LIVE_POLL_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 86_400)
    .default(3600),
};

type LiveConfig = { [K in keyof typeof liveEnv]: z.infer<(typeof liveEnv)[K]> };

/** The pollers live mode adds: none when it is off. */
export function livePollersOf(config: LiveConfig): PollerSpec[] {
  if (!config.LIVE_MODE) return [];
  return HUB_FILES.map(({ source, path }) => ({
    source,
    url: `${config.LIVE_BASE_URL}/${path}`,
    intervalMs: config.LIVE_POLL_SECONDS * 1000,
  }));
}

/**
 * Every poller the scheduler runs: POLLERS, plus live mode's. An explicit POLLERS entry for a
 * hub source wins (a poller is keyed by its source in the shared state, so one per source).
 */
export function allPollersOf(config: LiveConfig & Parameters<typeof pollersOf>[0]): PollerSpec[] {
  const explicit = pollersOf(config);
  const taken = new Set(explicit.map((p) => p.source));
  return [...explicit, ...livePollersOf(config).filter((p) => !taken.has(p.source))];
}
