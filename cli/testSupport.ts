// Test and benchmark helpers: a system config isolated by a random subject prefix (throwaway
// databases come from sql/testSupport.ts), so runs never see each other's state on the shared servers.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { deleteContractBuckets } from "../mesh/mod.ts";
import type { JobRecord } from "../domain/mod.ts";
import { createTestDatabase } from "../sql/testSupport.ts";
import { loadConfig, type Config } from "./config.ts";
import { startSystem, type StartSystemOptions, type System } from "./system.ts";

export { SHARED_DATA } from "../testenv/sharedData.ts";
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
    // Test servers (hub, sources) listen on loopback, which production refuses to fetch from.
    FETCH_ALLOWED_HOSTS: "127.0.0.1,localhost,::1",
    // Stream caps are file-store reservations on the shared server, where many runs provision at once.
    STREAM_MAX_BYTES: "off",
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

/** A whole system on the test servers, with one API key and a file root of small real files. */
export interface TestSystem {
  system: System;
  config: ReturnType<typeof testConfig>;
  /** INGEST_FILE_ROOT: `lookup.csv.gz` (the JHU region lookup) and `cases.csv`. */
  root: string;
  /** New York County and two neighbours from the bundled JHU sample: small, real. */
  smallCases: string;
  api(path: string, init?: RequestInit): Promise<Response>;
  postJson(path: string, body: unknown, withKey?: boolean): Promise<Response>;
  /** GET with TEST_API_KEY: GET /v1/jobs/:id needs the key that created the job. */
  getWithKey(path: string): Promise<Response>;
  /** POST /v1/ingest?wait=60 of a file under the root: the finished job. */
  ingest(source: string, file: string): Promise<JobRecord>;
  stop(): Promise<void>;
}

export const TEST_API_KEY = "e2e-key";

export interface TestSystemOptions {
  /** Configuration added to the test's. */
  env?: Record<string, string>;
  /** Ingested before the system is handed over: the region lookup, and the lookup then the small cases file. */
  load?: "lookup" | "lookup+cases";
  /** Passed to startSystem (e.g. per-service NATS users). */
  system?: StartSystemOptions;
}

/** Starts a system (Postgres, or PGlite on a run without one) whose API key is TEST_API_KEY. */
export async function startTestSystem(tag: string, opts: TestSystemOptions = {}): Promise<TestSystem> {
  const sampleDir = join(import.meta.dir, "../sample");
  const db = await createTestDatabase(`covidmesh_${tag}`);
  const root = mkdtempSync(join(tmpdir(), "covidmesh-root-"));
  copyFileSync(join(sampleDir, "UID_ISO_FIPS_LookUp_Table.csv.gz"), join(root, "lookup.csv.gz"));
  const lines = readCsvLines(join(sampleDir, "jhu_confirmed_US_sample.csv.gz"));
  const smallCases = join(root, "cases.csv");
  writeFileSync(smallCases, `${lines.filter((l, i) => i === 0 || /^840360(61|47|81),/.test(l)).join("\n")}\n`);
  const config = testConfig({ DATABASE_URL: db.url, API_KEYS: TEST_API_KEY, INGEST_FILE_ROOT: root, ...opts.env });
  const system = await startSystem(config, { quiet: true, ...opts.system });
  const api = (path: string, init: RequestInit = {}) => fetch(`${system.gateway.url}${path}`, init);
  const postJson = (path: string, body: unknown, withKey = true) =>
    api(path, { method: "POST", headers: { "content-type": "application/json", ...(withKey ? { authorization: `Bearer ${TEST_API_KEY}` } : {}) }, body: JSON.stringify(body) });
  const getWithKey = (path: string) => api(path, { headers: { authorization: `Bearer ${TEST_API_KEY}` } });
  const ingest = async (source: string, file: string) => (await (await postJson("/v1/ingest?wait=60", { source, file })).json()) as JobRecord;
  const loads: Array<[string, string]> =
    opts.load === undefined ? [] : [["jhu-lookup", "lookup.csv.gz"], ...(opts.load === "lookup+cases" ? [["jhu-us-cases", "cases.csv"] as [string, string]] : [])];
  for (const [source, file] of loads) {
    const job = await ingest(source, file);
    if (job.state !== "done") throw new Error(`loading ${file} into the test system ended ${job.state}`);
  }
  return {
    system,
    config,
    root,
    smallCases,
    api,
    postJson,
    getWithKey,
    ingest,
    async stop() {
      for (const spec of Object.values(system.client.contract.streams)) await system.client.jsm.streams.delete(spec.name).catch(() => {});
      await deleteContractBuckets(system.client);
      await system.stop();
      await db.drop();
      config.cleanup();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
