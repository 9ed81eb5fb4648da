// Test and benchmark helpers: a system config isolated by a random subject prefix (throwaway
// databases come from sql/tempDatabase.ts), so runs never see each other's state on the shared servers.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { loadConfig, type Config } from "./config.ts";

export const SHARED_DATA = process.env.SHARED_DATA ?? join(import.meta.dir, "../../shared/data");
export const TEST_NATS_URL = process.env.TEST_NATS_URL ?? "nats://127.0.0.1:4222";

export const randomSuffix = () => Math.random().toString(36).slice(2, 10);

export function testConfig(overrides: Record<string, string | undefined> = {}): Config & { env: Record<string, string | undefined>; cleanup(): void } {
  const dataDir = mkdtempSync(join(tmpdir(), "covidmesh-test-"));
  const env = {
    NATS_URL: TEST_NATS_URL,
    MESH_PREFIX: `t${randomSuffix()}`,
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    INGEST_SAMPLE: "false",
    LOG_LEVEL: "silent",
    ...overrides,
  };
  const config = loadConfig(env);
  // `env`: what the config was parsed from, for processes that parse it again (npm start's children).
  return { ...config, env, cleanup: () => rmSync(dataDir, { recursive: true, force: true }) };
}

/** Lines of a (gzipped) CSV file, for checking stored values against the source text. */
export function readCsvLines(path: string): string[] {
  const buf = readFileSync(path);
  const text = (buf[0] === 0x1f && buf[1] === 0x8b ? gunzipSync(buf) : buf).toString("utf8");
  return text.split("\n").filter((l) => l.length > 0);
}
