// Pure transitions of a job record. Several services write one record (whoever knows a fact
// writes it), in any order, so every transition is monotonic: the state only moves forward,
// progress only grows, and once a job is done or failed only its final summary counts.
import type { JobCounts, JobOrigin, JobProgress, JobRecord, JobState } from "../domain/mod.ts";

const RANK: Record<JobState, number> = { queued: 0, running: 1, done: 2, failed: 2 };

export const ZERO_JOB_COUNTS: JobCounts = { accepted: 0, rejected: 0, unchanged: 0, revised: 0, regions: 0 };
const ZERO_PROGRESS: JobProgress = { bytesRead: 0, bytesTotal: null, rowsRead: 0, batches: 0, batchesDone: 0, batchesExpected: null };

export function isTerminal(state: JobState): boolean {
  return state === "done" || state === "failed";
}

export interface JobIdentity {
  jobId: string;
  source: string;
}

export interface JobRequestInfo extends JobIdentity {
  origin: JobOrigin;
  /** The API key id of the submitter (null or absent: readable by admin keys only). */
  owner?: string | null;
  location: string | null;
  requestedAt: string;
  bytesTotal?: number | null;
}

function blank(id: JobIdentity, now: string): JobRecord {
  return {
    jobId: id.jobId,
    source: id.source,
    state: "queued",
    origin: "other",
    location: null,
    requestedAt: null,
    startedAt: null,
    finishedAt: null,
    progress: { ...ZERO_PROGRESS },
    counts: { ...ZERO_JOB_COUNTS },
    error: null,
    updatedAt: now,
    owner: null,
  };
}

const maxOrNull = (a: number | null, b: number | null | undefined): number | null => (b === undefined || b === null ? a : a === null ? b : Math.max(a, b));

/** The submitter's facts; fills what a faster worker may already have written without them. */
export function recordQueued(cur: JobRecord | null, info: JobRequestInfo, now: string): JobRecord {
  const base = cur ?? blank(info, now);
  return {
    ...base,
    origin: base.origin === "other" ? info.origin : base.origin,
    owner: base.owner ?? info.owner ?? null,
    location: base.location ?? info.location,
    requestedAt: base.requestedAt ?? info.requestedAt,
    progress: { ...base.progress, bytesTotal: maxOrNull(base.progress.bytesTotal, info.bytesTotal) },
    updatedAt: now,
  };
}

export function recordRunning(cur: JobRecord | null, id: JobIdentity, facts: { bytesTotal?: number | null }, now: string): JobRecord {
  const base = cur ?? blank(id, now);
  return {
    ...base,
    state: RANK[base.state] < RANK.running ? "running" : base.state,
    startedAt: base.startedAt ?? now,
    progress: { ...base.progress, bytesTotal: maxOrNull(base.progress.bytesTotal, facts.bytesTotal) },
    updatedAt: now,
  };
}

/** Reading progress from the source side: values only grow (a redelivered job restarts at 0). */
export function recordProgress(
  cur: JobRecord | null,
  id: JobIdentity,
  p: Partial<Pick<JobProgress, "bytesRead" | "rowsRead" | "batches" | "batchesExpected">>,
  now: string,
): JobRecord {
  const base = cur ?? blank(id, now);
  const q = base.progress;
  return {
    ...base,
    state: RANK[base.state] < RANK.running ? "running" : base.state,
    startedAt: base.startedAt ?? now,
    progress: {
      ...q,
      bytesRead: Math.max(q.bytesRead, p.bytesRead ?? 0),
      rowsRead: Math.max(q.rowsRead, p.rowsRead ?? 0),
      batches: Math.max(q.batches, p.batches ?? 0),
      batchesExpected: maxOrNull(q.batchesExpected, p.batchesExpected),
    },
    updatedAt: now,
  };
}

/** Counts of stored batches (each applied exactly once). Ignored once the final summary is in. */
export function recordBatchCounts(cur: JobRecord | null, id: JobIdentity, delta: JobCounts, batches: number, now: string): JobRecord {
  const base = cur ?? blank(id, now);
  if (isTerminal(base.state)) return base;
  const c = base.counts;
  return {
    ...base,
    state: RANK[base.state] < RANK.running ? "running" : base.state,
    startedAt: base.startedAt ?? now,
    counts: {
      accepted: c.accepted + delta.accepted,
      rejected: c.rejected + delta.rejected,
      unchanged: c.unchanged + delta.unchanged,
      revised: c.revised + delta.revised,
      regions: c.regions + delta.regions,
    },
    progress: { ...base.progress, batchesDone: base.progress.batchesDone + batches },
    updatedAt: now,
  };
}

export interface FinalSummary extends JobIdentity {
  state: "done" | "failed";
  counts: JobCounts;
  batchesDone?: number;
  batchesExpected?: number | null;
  rowsRead?: number | null;
  bytesRead?: number | null;
  startedAt?: string | null;
  finishedAt?: string | null;
  error?: string | null;
}

/** The authoritative end: counts are replaced (not added), and nothing later changes them. */
export function recordFinished(cur: JobRecord | null, s: FinalSummary, now: string): JobRecord {
  const base = cur ?? blank(s, now);
  if (isTerminal(base.state)) return base;
  const q = base.progress;
  return {
    ...base,
    state: s.state,
    startedAt: base.startedAt ?? s.startedAt ?? null,
    finishedAt: s.finishedAt ?? now,
    counts: { ...s.counts },
    progress: {
      ...q,
      bytesRead: Math.max(q.bytesRead, s.bytesRead ?? 0),
      rowsRead: Math.max(q.rowsRead, s.rowsRead ?? 0),
      batchesDone: Math.max(q.batchesDone, s.batchesDone ?? 0),
      batchesExpected: maxOrNull(q.batchesExpected, s.batchesExpected),
    },
    error: s.error ?? null,
    updatedAt: now,
  };
}
