// Configuration of ingestion (schedules, pollers, API keys, activity), as zod fields merged into
// cli/config.ts's schema. Schedules and pollers are JSON objects keyed by source id.
import { z } from "zod";
import type { PollerSpec, ScheduleSpec } from "../workers/scheduler/mod.ts";

const source = z.string().regex(/^[a-z0-9-]+$/, "source ids are lowercase letters, digits and '-'");
const location = { url: z.url().optional(), file: z.string().min(1).optional() };
const oneLocation = (v: { url?: string; file?: string }) => (v.url ? 1 : 0) + (v.file ? 1 : 0) === 1;

const scheduleEntry = z.object({ cron: z.string().min(1), timezone: z.string().optional(), ...location }).refine(oneLocation, "give exactly one of url or file");
const pollerEntry = z
  .object({
    intervalSeconds: z
      .number()
      .int()
      .min(1)
      .max(7 * 86_400),
    ...location,
  })
  .refine(oneLocation, "give exactly one of url or file");

/** An env var holding a JSON object (empty = {}), validated per entry. */
const jsonObject = <T extends z.ZodType>(entry: T) =>
  z
    .string()
    .default("")
    .transform((v, ctx) => {
      if (v.trim() === "") return {};
      try {
        return JSON.parse(v) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "not valid JSON" });
        return z.NEVER;
      }
    })
    .pipe(z.record(source, entry));

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

export const ingestionEnv = {
  /** Comma-separated admin keys (ingest, reports, metrics, and anything an app key may do); hashed at start, never kept plain. */
  API_KEYS: z.string().default(""),
  /** Comma-separated SHA-256 hex digests of API keys (keeps the keys themselves out of the environment). */
  API_KEY_HASHES: z.string().default(""),
  /** Comma-separated app keys: POST /v1/activity (an app vouches for its device ids). */
  APP_KEYS: z.string().default(""),
  /** Comma-separated SHA-256 hex digests of app keys. */
  APP_KEY_HASHES: z.string().default(""),
  /** Comma-separated keys that may only read GET /metrics (a Prometheus scrape credential). */
  METRICS_KEYS: z.string().default(""),
  /** Comma-separated addresses / CIDR ranges of our load balancers: only their X-Forwarded-For names the client. */
  TRUSTED_PROXIES: z.string().default(""),
  /** Comma-separated admin keys: may read every job (GET /v1/jobs/:id); hashed at start like API_KEYS. */
  ADMIN_API_KEYS: z.string().default(""),
  /** Comma-separated SHA-256 hex digests of admin keys. */
  ADMIN_API_KEY_HASHES: z.string().default(""),
  /** POST /v1/ingest may name files only inside this folder (as covid-data workers see it); unset = URLs only. */
  INGEST_FILE_ROOT: optionalText,
  /** Cron schedule per source: {"jhu-us-cases":{"cron":"0 *\/6 * * *","url":"https://…"}}. */
  SCHEDULES: jsonObject(scheduleEntry),
  /** Change poller per source: {"nyt-us-states":{"url":"https://…","intervalSeconds":300}}. */
  POLLERS: jsonObject(pollerEntry),
  /** Distinct devices a region-hour (or day) needs before it is reported. */
  ACTIVITY_K: z.coerce.number().int().min(1).max(10_000).default(10),
  /** Secret of the social-activity service (≥ 16 chars) its daily device-hash keys derive from; unset = a file under DATA_DIR (one host only). */
  DEVICE_SALT: optionalText.pipe(z.string().min(16, "DEVICE_SALT needs at least 16 characters").optional()),
  /** POST /v1/reports body limit, bytes (one NATS message carries the batch: stay under 1 MB). */
  REPORTS_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(900 * 1024)
    .default(512 * 1024),
};

type IngestionConfig = { [K in keyof typeof ingestionEnv]: z.infer<(typeof ingestionEnv)[K]> };

export function schedulesOf(config: Pick<IngestionConfig, "SCHEDULES">): ScheduleSpec[] {
  return Object.entries(config.SCHEDULES).map(([source, s]) => ({ source, ...s }));
}

export function pollersOf(config: Pick<IngestionConfig, "POLLERS">): PollerSpec[] {
  return Object.entries(config.POLLERS).map(([source, p]) => ({ source, url: p.url, file: p.file, intervalMs: p.intervalSeconds * 1000 }));
}
