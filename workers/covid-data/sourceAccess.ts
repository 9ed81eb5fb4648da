// What the covid-data worker may read for a job: the hosts of its source (the registry's, plus
// those configured for it), the hosts the operator trusts for every source, and the deadlines.
// Production default: registry hosts only, public addresses only.
import { DEFAULT_FETCH_TIMEOUTS, registryHostsOf, type FetchPolicy } from "../../pipelines/mod.ts";

export interface SourceAccessConfig {
  /** Hosts allowed for every source, and allowed to resolve to private addresses (FETCH_ALLOWED_HOSTS). */
  trustedHosts: readonly string[];
  /** Hosts added per source by configuration (the URLs of SCHEDULES, POLLERS, live mode). */
  sourceHosts: Readonly<Record<string, readonly string[]>>;
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  idleReadMs: number;
  maxRedirects: number;
  /** Longest run of one job handler: past it the job fails as source_timeout and frees its slot. */
  jobDeadlineMs: number;
}

export const DEFAULT_JOB_DEADLINE_MS = 30 * 60_000;

export const DEFAULT_SOURCE_ACCESS: SourceAccessConfig = {
  trustedHosts: [],
  sourceHosts: {},
  ...DEFAULT_FETCH_TIMEOUTS,
  jobDeadlineMs: DEFAULT_JOB_DEADLINE_MS,
};

export function sourceAccess(config: Partial<SourceAccessConfig> = {}): SourceAccessConfig {
  return { ...DEFAULT_SOURCE_ACCESS, ...config };
}

export function fetchPolicyFor(access: SourceAccessConfig, source: string): FetchPolicy {
  const lower = (hosts: readonly string[]) => hosts.map((h) => h.toLowerCase());
  return {
    allowedHosts: lower([...registryHostsOf(source), ...(access.sourceHosts[source] ?? [])]),
    trustedHosts: lower(access.trustedHosts),
    connectTimeoutMs: access.connectTimeoutMs,
    headersTimeoutMs: access.headersTimeoutMs,
    idleReadMs: access.idleReadMs,
    maxRedirects: access.maxRedirects,
  };
}
