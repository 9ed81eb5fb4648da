// Client load for the failover tests, shaped like users behind a load balancer: requests go
// round-robin to the gateways in rotation. A connection error takes that gateway out of
// rotation and the request is retried once on another; a 5xx answer (the gateway is up, the
// mesh missed the deadline) is retried once on whichever gateway is next in rotation. An
// ejected gateway comes back only after its /healthz answers (the balancer's active health
// check), so no user request is spent finding out whether a dead host is back. Every attempt
// is recorded with its start and end time, to compare errors with the moment of a kill.
// Bounded in request count and in time.

export interface LoadOptions {
  gateways: string[];
  /** The path of the next request (random points defeat any answer cache). */
  path: () => string;
  concurrency: number;
  /** Total target rate over all workers. */
  ratePerSec: number;
  maxRequests: number;
  durationMs: number;
  /** Per-attempt deadline (default 10 s): a hang counts as an error, never blocks the run. */
  attemptTimeoutMs?: number;
  /** Health-check interval of an ejected gateway, ms (default 500); 0 = never eject. */
  healthCheckMs?: number;
  /** Retry a failed request once on another gateway (default true). */
  retry?: boolean;
}

export interface Attempt {
  gateway: number;
  start: number;
  end: number;
  /** HTTP status, or 0 for a connection error or timeout. */
  status: number;
  error?: string;
  retryAfter?: string | null;
  /** The start of the body of an error answer (the problem's detail says which part failed). */
  body?: string;
  /** Second attempt of a request whose first attempt failed. */
  isRetry: boolean;
}

export interface LoadResult {
  attempts: Attempt[];
  /** Requests (first attempts). */
  requests: number;
  /** First attempts that failed, per gateway. */
  firstAttemptErrors: number[];
  /** Requests that failed even after the retry: what a retrying client sees. */
  failedAfterRetry: number;
  startedAt: number;
  endedAt: number;
}

/** An answer: 2xx, or 404 (no data for that place and date). Anything else is an error. */
const ok = (status: number) => (status >= 200 && status < 300) || status === 404;

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const attempts: Attempt[] = [];
  const ejected = opts.gateways.map(() => false);
  const healthCheckMs = opts.healthCheckMs ?? 500;
  const timeoutMs = opts.attemptTimeoutMs ?? 10_000;
  const startedAt = Date.now();
  const deadline = startedAt + opts.durationMs;
  const intervalMs = (1000 * opts.concurrency) / opts.ratePerSec; // per worker
  let sent = 0;
  let next = 0;
  let failedAfterRetry = 0;

  const pick = (exclude?: number): number | undefined => {
    for (let k = 0; k < opts.gateways.length; k++) {
      const g = (next + k) % opts.gateways.length;
      if (g !== exclude && !ejected[g]) {
        next = g + 1;
        return g;
      }
    }
    // All ejected: send anyway (a balancer fails open rather than refuse everything).
    const others = opts.gateways.map((_, g) => g).filter((g) => g !== exclude);
    return others[Math.floor(Math.random() * others.length)];
  };
  const eject = (g: number) => {
    if (healthCheckMs <= 0 || ejected[g]) return;
    ejected[g] = true;
    void (async () => {
      while (Date.now() < deadline) {
        await Bun.sleep(healthCheckMs);
        if (await healthy(opts.gateways[g]!)) break;
      }
      ejected[g] = false;
    })();
  };

  const attempt = async (g: number, path: string, isRetry: boolean): Promise<Attempt> => {
    const start = Date.now();
    let a: Attempt;
    try {
      const res = await fetch(opts.gateways[g] + path, { signal: AbortSignal.timeout(timeoutMs) });
      const body = await res.text();
      a = { gateway: g, start, end: Date.now(), status: res.status, retryAfter: res.headers.get("retry-after"), isRetry, ...(ok(res.status) ? {} : { body: body.slice(0, 300) }) };
    } catch (err) {
      a = { gateway: g, start, end: Date.now(), status: 0, error: `${(err as Error).name}: ${(err as Error).message}`, isRetry };
    }
    attempts.push(a);
    if (a.status === 0) eject(g);
    return a;
  };

  const worker = async () => {
    while (Date.now() < deadline && sent < opts.maxRequests) {
      sent++;
      const t0 = Date.now();
      const path = opts.path();
      const g = pick()!;
      const first = await attempt(g, path, false);
      if (!ok(first.status) && (opts.retry ?? true)) {
        const again = first.status === 0 ? pick(g) : pick();
        const second = again === undefined ? first : await attempt(again, path, true);
        if (!ok(second.status)) failedAfterRetry++;
      } else if (!ok(first.status)) {
        failedAfterRetry++;
      }
      const wait = intervalMs - (Date.now() - t0);
      if (wait > 0) await Bun.sleep(wait);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));

  const firstAttemptErrors = opts.gateways.map((_, g) => attempts.filter((a) => !a.isRetry && a.gateway === g && !ok(a.status)).length);
  return { attempts, requests: attempts.filter((a) => !a.isRetry).length, firstAttemptErrors, failedAfterRetry, startedAt, endedAt: Date.now() };
}

async function healthy(base: string): Promise<boolean> {
  try {
    const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(1_000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/** A random point over the contiguous US: every request a cache miss, every answer a real lookup. */
export function randomUsRiskPath(): string {
  const lat = 30 + Math.random() * 17;
  const lon = -120 + Math.random() * 45;
  return `/v1/risk?lat=${lat.toFixed(4)}&lon=${lon.toFixed(4)}&groupSize=50`;
}

export function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** What clients saw while a dependency was down (every answer should be a fast 503). */
export function outageFigures(attempts: Attempt[]): { requestsWhileDown: number; non503WhileDown: number; latency503p50Ms: number; latency503MaxMs: number } {
  const latencies = attempts.map((a) => a.end - a.start);
  return {
    requestsWhileDown: attempts.length,
    non503WhileDown: attempts.filter((a) => a.status !== 503).length,
    latency503p50Ms: quantile(latencies, 0.5),
    latency503MaxMs: Math.max(...latencies),
  };
}
