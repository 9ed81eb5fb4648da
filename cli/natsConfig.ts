// NATS configuration, as zod fields merged into cli/config.ts's schema: the service's own NATS
// user (compose gives each container its own, see deploy/nats/permissions.ts) and the JetStream
// stream caps the contract provisions with.
import { z } from "zod";
import { createContract, DEFAULT_STREAM_MAX_BYTES, type Contract, type StreamKey } from "../mesh/mod.ts";

const STREAM_KEYS = Object.keys(DEFAULT_STREAM_MAX_BYTES) as StreamKey[];
const UNITS: Record<string, number> = { "": 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

/** `1073741824`, `512M`, `4G` (binary units, as nats-server reads them). */
export function parseByteSize(text: string): number | null {
  const m = /^(\d+)\s*([KMGT]?)i?B?$/i.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]) * UNITS[m[2]!.toUpperCase()]!;
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

/**
 * `off` (no caps: tests on a shared server, where each cap is a reservation), or
 * `key=size,…` over the defaults, keys as in the contract (ingestJobs, data, jobEvents,
 * deadLetters, reports, activity). Unset: DEFAULT_STREAM_MAX_BYTES.
 */
const streamMaxBytes = z
  .string()
  .trim()
  .default("")
  .transform((v, ctx): Partial<Record<StreamKey, number>> => {
    if (v.toLowerCase() === "off") return {};
    const caps: Partial<Record<StreamKey, number>> = { ...DEFAULT_STREAM_MAX_BYTES };
    for (const item of v.split(",").filter((x) => x.trim() !== "")) {
      const [key, size] = item.split("=").map((x) => x.trim());
      const bytes = parseByteSize(size ?? "");
      if (!STREAM_KEYS.includes(key as StreamKey) || bytes === null) {
        ctx.addIssue({ code: "custom", message: `"${item}": use key=size with key one of ${STREAM_KEYS.join(", ")} and size like 512M or 4G` });
        return z.NEVER;
      }
      caps[key as StreamKey] = bytes;
    }
    return caps;
  });

export const natsEnv = {
  /** This service's NATS user; also accepted inside NATS_URL (nats://user:password@host). */
  NATS_USER: optionalText,
  NATS_PASSWORD: optionalText,
  /** JetStream stream caps (see streamMaxBytes above); full work queues refuse new messages. */
  STREAM_MAX_BYTES: streamMaxBytes,
};

interface NatsConfig {
  NATS_USER?: string;
  NATS_PASSWORD?: string;
  STREAM_MAX_BYTES: Partial<Record<StreamKey, number>>;
  MESH_PREFIX: string;
}

/** The contract a process provisions and uses: its prefix and stream caps. */
export function contractOf(config: NatsConfig): Contract {
  return createContract(config.MESH_PREFIX, { maxBytes: config.STREAM_MAX_BYTES });
}

/** NATS_USER / NATS_PASSWORD for connectMesh; nothing when unset (credentials in the URL, or none). */
export function natsCredentialsOf(config: NatsConfig): { user?: string; pass?: string } {
  return config.NATS_USER !== undefined ? { user: config.NATS_USER, pass: config.NATS_PASSWORD ?? "" } : {};
}
