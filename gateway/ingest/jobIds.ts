// Job ids of submissions through the API: random, or derived from the client's
// Idempotency-Key so that a retried request finds the job it already created.
import { createHash } from "node:crypto";
import { ProblemError } from "../problem.ts";

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,128}$/;

export function submissionJobId(prefix: string, idempotencyKey: string | undefined): string {
  if (idempotencyKey === undefined) return `${prefix}-${Date.now().toString(36)}-${crypto.randomUUID().slice(0, 8)}`;
  if (!IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw new ProblemError(400, "Bad Request", "Idempotency-Key must be 1–128 visible ASCII characters", {
      errors: [{ path: "Idempotency-Key", message: "1–128 visible ASCII characters" }],
    });
  }
  return `${prefix}-idem-${createHash("sha256").update(idempotencyKey).digest("hex").slice(0, 24)}`;
}
