// Which storage failures mean "the database is not reachable right now" (retry the same batch
// once it is back) rather than "this batch cannot be stored" (retry, then dead-letter).
import { StorageUnavailableError } from "../../sql/mod.ts";

/** Socket-level codes (Node) and postgres.js connection codes. */
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EHOSTDOWN",
  "EPIPE",
  "EAI_AGAIN", // DNS of a stopped compose service
  "ENOTFOUND",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
]);

/**
 * SQLSTATEs of a server that is going away or not accepting work yet: class 08 (connection
 * exception), admin/crash shutdown, "cannot connect now" (recovery after a crash), too many
 * connections, and a read-only transaction (a standby, e.g. during a manual promotion).
 */
function isOutageSqlState(code: string): boolean {
  return code.startsWith("08") || ["57P01", "57P02", "57P03", "53300", "25006"].includes(code);
}

export function isStorageOutage(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    if (current instanceof StorageUnavailableError) return true;
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && (CONNECTION_CODES.has(code) || (/^[0-9A-Z]{5}$/.test(code) && isOutageSqlState(code)))) return true;
    // Node's connect to several addresses fails with an AggregateError of socket errors.
    if (current instanceof AggregateError && current.errors.some((e) => isStorageOutage(e))) return true;
    current = current.cause;
  }
  return false;
}
