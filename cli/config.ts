// Configuration: every environment variable the system reads, parsed and validated once.
// Defaults work on a laptop: no NATS_URL → a nats-server child, no DATABASE_URL → PGlite.
import { z } from "zod";
import { resolve } from "node:path";
import { fetchEnv } from "./fetchConfig.ts";
import { ingestionEnv } from "./ingestionConfig.ts";
import { liveEnv } from "./liveMode.ts";
import { natsEnv } from "./natsConfig.ts";

const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

export const envSchema = z.object({
  /** NATS server URL(s), comma-separated. Unset: start a local nats-server under DATA_DIR. */
  NATS_URL: optionalUrl,
  /** postgres:// URL. Unset: embedded PGlite under DATA_DIR/pglite. */
  DATABASE_URL: optionalUrl,
  /** Where the embedded NATS store, PGlite database and runtime files live. */
  DATA_DIR: z.string().default(".data"),
  /** Gateway HTTP port. */
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default("0.0.0.0"),
  /** Namespaces every subject and stream (several systems on one NATS, or tests). */
  MESH_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]*$/)
    .default(""),
  /** Gateway → mesh request deadline. */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(2_000),
  /** Georgia Tech ascertainment bias: true infections per reported case. */
  ASCERTAINMENT: z.coerce.number().min(1).max(50).default(5),
  /** Instances of each worker in this process (a pool shares one durable consumer). */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Ingest the bundled sample on first start (empty database). */
  INGEST_SAMPLE: z
    .enum(["true", "false", "1", "0"])
    .default("true")
    .transform((v) => v === "true" || v === "1"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** JetStream replicas of the streams services create (3 on the two-host cluster with its witness). Unset: new streams R1, existing ones untouched. */
  STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).optional(),
  /**
   * postgres:// URL of the owner role (deploy/postgres/roles.sql): `serve` runs the migrations
   * through it, then closes it, while DATABASE_URL is a writer without DDL rights. Unset: DATABASE_URL migrates.
   */
  DATABASE_OWNER_URL: optionalUrl,
  /** `apply` (default): migrate at start. `wait`: wait until the owner's migrations are in (a writer role cannot run them). */
  DATABASE_MIGRATIONS: z.enum(["apply", "wait"]).default("apply"),
  /** postgres:// URL of this host's streaming replica: exposure-risk reads it while DATABASE_URL is unreachable. */
  DATABASE_REPLICA_URL: optionalUrl,
  /** `serve` touches this file while its NATS connection answers (container healthcheck). */
  HEALTH_FILE: optionalUrl,
  /** Gateway rate limit per client (API key, else address): tokens per second; 0 = off. */
  RATE_LIMIT_RPS: z.coerce.number().min(0).default(100),
  /** Gateway rate limit burst: requests a client may send at once. */
  RATE_LIMIT_BURST: z.coerce.number().int().min(1).default(200),
  /** Gateway edge cache: answers kept (LRU); 0 = off. */
  EDGE_CACHE_MAX_ENTRIES: z.coerce.number().int().min(0).default(50_000),
  /** Gateway edge cache TTL, ms: a safety net for missed update events. */
  EDGE_CACHE_TTL_MS: z.coerce.number().int().min(1).default(300_000),
  /** Cache-Control max-age of answers that change once a day, seconds. */
  CACHE_MAX_AGE_S: z.coerce.number().int().min(0).default(3600),
  /** Gateway: risk queries of one event-loop turn cross the mesh as one batch message (0 = each alone). */
  RISK_MESH_BATCH: z.enum(["0", "1"]).default("1"),
  /** Warn when this process's event loop was held this long (ms) in one go (cli/loopStalls.ts); 0 = off. */
  LOOP_STALL_WARN_MS: z.coerce.number().int().min(0).default(1000),
  /** `serve <worker>`: also serve Prometheus /metrics on this port. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** API keys, schedules, pollers, activity (see cli/ingestionConfig.ts). */
  ...ingestionEnv,
  /** Live mode, polling the CDC Forecast Hub (see cli/liveMode.ts). */
  ...liveEnv,
  /** Source fetching: extra hosts and timeouts (see cli/fetchConfig.ts). */
  ...fetchEnv,
  /** This service's NATS user, JetStream stream caps (see cli/natsConfig.ts). */
  ...natsEnv,
});

export type Config = z.infer<typeof envSchema> & { dataDir: string };

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join("\n")}`, { cause: parsed.error });
  }
  return { ...parsed.data, dataDir: resolve(parsed.data.DATA_DIR) };
}
