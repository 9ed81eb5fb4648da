// Configuration of source fetching, as zod fields merged into cli/config.ts's schema, and the
// worker's access rules built from it: the registry's hosts per source, plus the hosts of the
// URLs this deployment configures (SCHEDULES, POLLERS, live mode), plus FETCH_ALLOWED_HOSTS.
import { z } from "zod";
import { DEFAULT_FETCH_TIMEOUTS } from "../pipelines/mod.ts";
import { DEFAULT_JOB_DEADLINE_MS, type SourceAccessConfig } from "../workers/covid-data/mod.ts";
import { pollersOf, schedulesOf } from "./ingestionConfig.ts";
import { livePollersOf } from "./liveMode.ts";

const hostList = z
  .string()
  .default("")
  .transform((v) =>
    v
      .split(",")
      .map((h) => h.trim().toLowerCase())
      .filter((h) => h !== ""),
  )
  .pipe(z.array(z.string().regex(/^[a-z0-9.:[\]-]+$/, "host names or IP literals, comma-separated (no scheme, no port)")));

const ms = (fallback: number) =>
  z.coerce
    .number()
    .int()
    .min(100)
    .max(24 * 3_600_000)
    .default(fallback);

export const fetchEnv = {
  /**
   * Hosts every source may fetch from, and the only ones allowed to resolve to private,
   * loopback or link-local addresses (a LAN mirror; `127.0.0.1,localhost` for development).
   */
  FETCH_ALLOWED_HOSTS: hostList,
  /** DNS lookup and TCP connect of one fetch hop, ms. */
  FETCH_CONNECT_TIMEOUT_MS: ms(DEFAULT_FETCH_TIMEOUTS.connectTimeoutMs),
  /** From a request to its response headers, ms. */
  FETCH_HEADERS_TIMEOUT_MS: ms(DEFAULT_FETCH_TIMEOUTS.headersTimeoutMs),
  /** Longest pause between two chunks of a source's body, ms. */
  FETCH_IDLE_READ_MS: ms(DEFAULT_FETCH_TIMEOUTS.idleReadMs),
  /** Longest run of one ingest job in a covid-data worker, ms; then it fails as source_timeout. */
  INGEST_JOB_DEADLINE_MS: ms(DEFAULT_JOB_DEADLINE_MS),
};

type FetchConfig = { [K in keyof typeof fetchEnv]: z.infer<(typeof fetchEnv)[K]> };

/** The covid-data worker's access rules from the configuration. */
export function sourceAccessOf(
  config: FetchConfig & Parameters<typeof schedulesOf>[0] & Parameters<typeof pollersOf>[0] & Parameters<typeof livePollersOf>[0],
): Partial<SourceAccessConfig> {
  const sourceHosts: Record<string, string[]> = {};
  for (const spec of [...schedulesOf(config), ...pollersOf(config), ...livePollersOf(config)]) {
    if (!spec.url) continue;
    (sourceHosts[spec.source] ??= []).push(new URL(spec.url).hostname.replace(/^\[|\]$/g, "").toLowerCase());
  }
  return {
    trustedHosts: config.FETCH_ALLOWED_HOSTS,
    sourceHosts,
    connectTimeoutMs: config.FETCH_CONNECT_TIMEOUT_MS,
    headersTimeoutMs: config.FETCH_HEADERS_TIMEOUT_MS,
    idleReadMs: config.FETCH_IDLE_READ_MS,
    jobDeadlineMs: config.INGEST_JOB_DEADLINE_MS,
  };
}
