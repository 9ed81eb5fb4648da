// Idempotency-Key, bound to who sent it and what it was sent with. The job id of a keyed
// submission is a digest of (client, key, body): a retry of the same request finds its job;
// another client using the same key string gets a job of its own (it used to get the first
// client's job, its batch silently dropped); the same key with a different body is refused
// with 422 (draft-ietf-httpapi-idempotency-key-header) when this gateway saw the first use,
// and otherwise becomes a separate job — never merged into the first.
import { createHash } from "node:crypto";
import { ProblemError } from "../problem.ts";

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,128}$/;
const DEFAULTS = { maxEntries: 100_000, ttlMs: 24 * 3_600_000 };

export interface IdempotencyLedger {
  /** Remembers (scope → body digest); throws 422 when the scope was used with another digest. */
  check(scope: string, digest: string, nowMs?: number): void;
  size(): number;
}

/** The keys seen recently, oldest first (a Map keeps insertion order): bounded and expiring. */
export function createIdempotencyLedger(opts: Partial<typeof DEFAULTS> = {}): IdempotencyLedger {
  const { maxEntries, ttlMs } = { ...DEFAULTS, ...opts };
  const seen = new Map<string, { digest: string; at: number }>();
  return {
    check(scope, digest, now = Date.now()) {
      const prior = seen.get(scope);
      if (prior && now - prior.at < ttlMs && prior.digest !== digest) {
        throw new ProblemError(422, "Unprocessable Content", "this Idempotency-Key was already used with a different request body; use a new key for a new request", {
          errors: [{ path: "Idempotency-Key", message: "reused with a different body" }],
        });
      }
      if (prior && now - prior.at < ttlMs) return;
      seen.delete(scope);
      seen.set(scope, { digest, at: now });
      for (const [k, v] of seen) {
        if (seen.size <= maxEntries && now - v.at < ttlMs) break;
        seen.delete(k);
      }
    },
    size: () => seen.size,
  };
}

const sha256 = (parts: string[]) => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p, "utf8").update("\0");
  return h.digest("hex");
};

/**
 * The job id of a submission: random without an Idempotency-Key, else derived from the
 * client (a digest of its API key), the key and the validated body.
 */
export function submissionJobId(prefix: string, idempotencyKey: string | undefined, binding: { client: string; body: unknown; ledger: IdempotencyLedger }): string {
  if (idempotencyKey === undefined) return `${prefix}-${Date.now().toString(36)}-${crypto.randomUUID().slice(0, 8)}`;
  if (!IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw new ProblemError(400, "Bad Request", "Idempotency-Key must be 1–128 visible ASCII characters", {
      errors: [{ path: "Idempotency-Key", message: "1–128 visible ASCII characters" }],
    });
  }
  const digest = sha256([JSON.stringify(binding.body) ?? ""]);
  binding.ledger.check(sha256([prefix, binding.client, idempotencyKey]), digest);
  return `${prefix}-idem-${sha256([prefix, binding.client, idempotencyKey, digest]).slice(0, 24)}`;
}
