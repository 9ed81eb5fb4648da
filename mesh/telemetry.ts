// Process-wide counters of the mesh layer. Plain numbers updated in place; a Prometheus
// exporter (mesh/prometheus.ts) reads a snapshot, so the hot path never allocates.

/** Upper bounds (ms) of the latency histograms; one more bucket counts everything above. */
export const LATENCY_BUCKETS_MS: readonly number[] = [0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000];

export interface SubjectTelemetry {
  /** Worker pool: messages handled and acked. */
  processed: number;
  /** Worker pool: handler failures (each failed delivery counts). */
  failed: number;
  /** Worker pool: deliveries with a delivery count above 1. */
  redeliveries: number;
  /** Worker pool: messages copied to the dead-letter subject. */
  deadLettered: number;
  /** Worker pool: handler run time, successful or not. */
  handlerMsSum: number;
  handlerCount: number;
  /** request(): round trips started, failures among them, latency of the successful ones. */
  requests: number;
  requestErrors: number;
  requestMsSum: number;
  /** serve(): requests answered, error answers among them, handler time. */
  served: number;
  serveErrors: number;
  serveMsSum: number;
  /** Per-bucket (not cumulative) counts over LATENCY_BUCKETS_MS, last = above the largest. */
  handlerBuckets: number[];
  /** Successful request() round trips only, like requestMsSum. */
  requestBuckets: number[];
  serveBuckets: number[];
}

type HistogramKey = "handlerBuckets" | "requestBuckets" | "serveBuckets";
export type TelemetryCounter = Exclude<keyof SubjectTelemetry, "handlerMsSum" | "requestMsSum" | "serveMsSum" | HistogramKey>;
const HISTOGRAMS: readonly HistogramKey[] = ["handlerBuckets", "requestBuckets", "serveBuckets"];

export interface MeshTelemetrySnapshot {
  /** Keyed by the subject the counter belongs to (the message subject, or the request subject). */
  subjects: Record<string, SubjectTelemetry>;
  totals: SubjectTelemetry;
}

const bySubject = new Map<string, SubjectTelemetry>();

function emptyCounters(): SubjectTelemetry {
  return {
    processed: 0,
    failed: 0,
    redeliveries: 0,
    deadLettered: 0,
    handlerMsSum: 0,
    handlerCount: 0,
    requests: 0,
    requestErrors: 0,
    requestMsSum: 0,
    served: 0,
    serveErrors: 0,
    serveMsSum: 0,
    handlerBuckets: new Array(LATENCY_BUCKETS_MS.length + 1).fill(0),
    requestBuckets: new Array(LATENCY_BUCKETS_MS.length + 1).fill(0),
    serveBuckets: new Array(LATENCY_BUCKETS_MS.length + 1).fill(0),
  };
}

function bucketOf(ms: number): number {
  let i = 0;
  while (i < LATENCY_BUCKETS_MS.length && ms > LATENCY_BUCKETS_MS[i]) i++;
  return i;
}

function countersFor(subject: string): SubjectTelemetry {
  let c = bySubject.get(subject);
  if (!c) {
    c = emptyCounters();
    bySubject.set(subject, c);
  }
  return c;
}

export function countTelemetry(subject: string, counter: TelemetryCounter, n = 1): void {
  countersFor(subject)[counter] += n;
}

export function observeHandler(subject: string, ms: number): void {
  const c = countersFor(subject);
  c.handlerMsSum += ms;
  c.handlerCount += 1;
  c.handlerBuckets[bucketOf(ms)] += 1;
}

export function observeRequest(subject: string, ms: number, ok: boolean): void {
  const c = countersFor(subject);
  c.requests += 1;
  if (ok) {
    c.requestMsSum += ms;
    c.requestBuckets[bucketOf(ms)] += 1;
  } else c.requestErrors += 1;
}

export function observeServe(subject: string, ms: number, ok: boolean): void {
  const c = countersFor(subject);
  c.served += 1;
  c.serveMsSum += ms;
  c.serveBuckets[bucketOf(ms)] += 1;
  if (!ok) c.serveErrors += 1;
}

/** A copy of all counters: callers may keep or mutate it freely. */
export function meshTelemetry(): MeshTelemetrySnapshot {
  const subjects: Record<string, SubjectTelemetry> = {};
  const totals = emptyCounters();
  for (const [subject, c] of bySubject) {
    const copy = { ...c };
    for (const h of HISTOGRAMS) copy[h] = c[h].slice();
    subjects[subject] = copy;
    for (const key of Object.keys(totals) as (keyof SubjectTelemetry)[]) {
      const v = c[key];
      if (typeof v === "number") (totals[key] as number) += v;
    }
    for (const h of HISTOGRAMS) c[h].forEach((n, i) => (totals[h][i] += n));
  }
  return { subjects, totals };
}

/** Forgets every counter (tests, or an exporter that reports deltas). */
export function resetMeshTelemetry(): void {
  bySubject.clear();
}
