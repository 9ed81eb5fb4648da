// API keys, kept only as SHA-256 digests: the plain keys (API_KEYS) are hashed at start and
// dropped, or only their hashes are configured (API_KEY_HASHES). A presented key is hashed
// and compared with every stored digest in constant time, so timing reveals neither which
// key nor how much of one matched.
import { createHash, timingSafeEqual } from "node:crypto";
import { ApiKeyConfigError } from "./errors.ts";

export interface ApiKeyVerifier {
  /** Number of keys configured; 0 means every protected route refuses. */
  readonly size: number;
  /** True when `presented` is one of the keys. */
  verify(presented: string): boolean;
}

/** SHA-256 of a key as lowercase hex: what API_KEY_HASHES holds. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export function createApiKeyVerifier(config: { keys?: readonly string[]; hashes?: readonly string[] }): ApiKeyVerifier {
  const digests: Buffer[] = [];
  for (const key of config.keys ?? []) {
    if (key.trim() === "") continue;
    digests.push(createHash("sha256").update(key.trim(), "utf8").digest());
  }
  for (const hex of config.hashes ?? []) {
    const h = hex.trim().toLowerCase();
    if (h === "") continue;
    if (!/^[0-9a-f]{64}$/.test(h)) throw new ApiKeyConfigError("API_KEY_HASHES entries must be SHA-256 digests (64 hex digits)");
    digests.push(Buffer.from(h, "hex"));
  }
  return {
    size: digests.length,
    verify(presented) {
      if (presented.length === 0 || presented.length > 512) return false;
      const d = createHash("sha256").update(presented, "utf8").digest();
      let match = 0;
      // No early exit: every digest is compared whatever the outcome.
      for (const stored of digests) match |= timingSafeEqual(d, stored) ? 1 : 0;
      return match === 1;
    },
  };
}

/**
 * A stable id of a key, to record who created a job: a prefix of its SHA-256, the digest
 * API_KEY_HASHES holds, so keys configured either way get the same id. Not secret, not the key.
 */
export function apiKeyId(key: string): string {
  return `k-${hashApiKey(key).slice(0, 32)}`;
}

/** Parses the comma-separated configuration values. */
export function apiKeysFromConfig(env: { API_KEYS?: string; API_KEY_HASHES?: string }): ApiKeyVerifier {
  const split = (v: string | undefined) => (v ?? "").split(",").filter((s) => s.trim() !== "");
  return createApiKeyVerifier({ keys: split(env.API_KEYS), hashes: split(env.API_KEY_HASHES) });
}

/** A verifier accepting a key of any of `verifiers` (e.g. admin keys wherever app keys are). */
export function anyKey(...verifiers: (ApiKeyVerifier | undefined)[]): ApiKeyVerifier {
  const list = verifiers.filter((v): v is ApiKeyVerifier => v !== undefined && v.size > 0);
  return {
    size: list.reduce((n, v) => n + v.size, 0),
    // Every verifier is asked (no short-circuit), so timing does not tell which role a key has.
    verify: (presented) => list.map((v) => v.verify(presented)).includes(true),
  };
}
