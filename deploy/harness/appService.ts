// One covid-mesh service process (`covid-mesh serve <service>`), configured as compose
// configures it on a host: its host's NATS node, the primary for writes, the host's replica
// as read fallback, R3 streams, and a health file written while its NATS link answers.
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ProcessExitedError } from "./errors.ts";
import { readLog, spawnManaged, type ManagedProcess } from "./managedProcess.ts";
import type { AppService } from "./types.ts";
import { waitUntil } from "./waitUntil.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CLI = join(ROOT, "cli/main.ts");

export interface AppServiceSpec {
  service: AppService;
  hostId: string;
  natsUrl: string;
  primaryUrl: string;
  replicaUrl: string;
  address: string;
  gatewayPort: number;
  dir: string;
  /** Extra environment (e.g. LOG_LEVEL). */
  env?: Record<string, string>;
}

export interface RunningService {
  spec: AppServiceSpec;
  process: ManagedProcess;
  healthFile: string;
  logFile: string;
}

export function startAppService(spec: AppServiceSpec): RunningService {
  const healthFile = join(spec.dir, `${spec.service}.health`);
  const logFile = join(spec.dir, `${spec.service}.log`);
  rmSync(healthFile, { force: true });
  const proc = spawnManaged({
    name: `${spec.service}@host-${spec.hostId}`,
    command: process.execPath, // bun
    args: [CLI, "serve", spec.service],
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: process.env.HOME ?? spec.dir,
      NATS_URL: spec.natsUrl,
      DATABASE_URL: spec.primaryUrl,
      DATABASE_REPLICA_URL: spec.replicaUrl,
      STREAM_REPLICAS: "3",
      HOST: spec.address,
      PORT: String(spec.gatewayPort),
      HEALTH_FILE: healthFile,
      DATA_DIR: join(spec.dir, "data"),
      INGEST_SAMPLE: "false",
      LOG_LEVEL: "info",
      ...spec.env,
    },
    logFile,
  });
  return { spec, process: proc, healthFile, logFile };
}

/** The service writes its health file once it runs and its NATS connection answers. */
export async function waitServiceHealthy(s: RunningService, timeoutMs = 90_000): Promise<void> {
  await waitUntil(
    () => {
      if (!s.process.alive()) {
        throw new ProcessExitedError(`${s.process.name} exited during start:\n${readLog(s.logFile)}`);
      }
      return existsSync(s.healthFile);
    },
    { what: `${s.process.name} healthy`, timeoutMs, intervalMs: 200 },
  );
}
