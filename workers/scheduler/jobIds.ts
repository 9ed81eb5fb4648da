// Deterministic job ids: the same schedule firing, or the same change of a source, gets the
// same id on every host, which is what makes it run once across the mesh.
import { createHash } from "node:crypto";

/** `jhu-us-cases-at-20240501T060000Z` for the firing at 2024-05-01T06:00:00Z. */
export function scheduledJobId(source: string, at: Date): string {
  const compact = at
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "Z");
  return `${source}-at-${compact}`;
}

/** `jhu-us-cases-v3-1a2b3c4d5e` for the 3rd change seen, with a digest of the version's fingerprint. */
export function polledJobId(source: string, version: number, fingerprint: string): string {
  const digest = createHash("sha256").update(fingerprint).digest("hex").slice(0, 10);
  return `${source}-v${version}-${digest}`;
}
