// What the covid-data worker may read for a job: the hosts of its source (the registry's, plus
// those configured for it), the hosts the operator trusts for every source, and the deadlines.
// Production default: registry hosts only, public addresses only.
import { DEFAULT_FETCH_TIMEOUTS, sourceFetchPolicy, type FetchPolicy, type SourceFetchConfig } from "../../pipelines/mod.ts";

export interface SourceAccessConfig extends SourceFetchConfig {
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
  return sourceFetchPolicy(source, access);
}
