// Hostile files through a real mesh: covid-data worker → JetStream → persistence → the database.
// Every registered adapter gets hand-made hostile files (bombs, endless lines, cut gzip, NUL
// bytes, duplicated rows) and fast-check mutations of a well-formed file (fixed seed). Every job
// must end — done, or failed with a client category (never `internal`) — and none may be left
// `running`, neither in the job record nor in the database's run row. It prints the number of
// hostile jobs and their outcomes.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { submitIngest } from "../../cli/ingestClient.ts";
import { isJobErrorCategory, openJobStore } from "../../jobs/mod.ts";
import { adapters, DEFAULT_INGEST_LIMITS } from "../../pipelines/mod.ts";
import { byteMutationArb, csvSeeds, fixedHostileFiles, mutateBytes, mutateCsv, mutationArb, parquetSeeds } from "../../pipelines/sources/adapterFuzzSupport.ts";
import { startIngestionSystem, type IngestionSystem } from "./testSupport.ts";

/** Small limits, so that bombs and long lines reach them quickly (docs/limits.md has the defaults). */
const LIMITS = {
  ...DEFAULT_INGEST_LIMITS,
  maxRecordChars: 64 * 1024,
  decompression: { maxBytes: 16 * 1024 * 1024, maxRatio: 100, ratioGraceBytes: 1024 * 1024 },
  maxPlainBytes: 16 * 1024 * 1024,
  maxQuarantineRows: 1_000,
};
/** The fixed hostile files each adapter gets through the mesh (the adapter fuzz test runs all of them in-process). */
const FIXED = new Set(["empty", "NUL bytes", "8 MB line without newline", "2 000 copies of one row", "gzip bomb (64 MB of zeros)", "gzip cut in half", "UTF-16LE text"]);
const MUTATED_PER_ADAPTER = 3;

let system: IngestionSystem;
let dir: string;

beforeAll(async () => {
  system = await startIngestionSystem({ limits: LIMITS, ingestConcurrency: 2 });
  dir = mkdtempSync(join(tmpdir(), "covidmesh-hostile-"));
});

afterAll(async () => {
  await system?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The hostile files of one adapter: the chosen fixed ones and seeded mutations of its well-formed seed. */
function hostileFiles(id: string, parquet: boolean, index: number): Array<{ name: string; bytes: Uint8Array }> {
  const csv = csvSeeds();
  const seedText = csv[id] ?? Object.values(csv)[0];
  const files = fixedHostileFiles(seedText).filter((f) => FIXED.has(f.name));
  const seed = 14_100 + index;
  if (parquet) {
    const bytes = parquetSeeds()[id];
    for (const [i, m] of fc.sample(fc.array(byteMutationArb, { minLength: 1, maxLength: 3 }), { numRuns: MUTATED_PER_ADAPTER, seed }).entries()) {
      files.push({ name: `mutated parquet ${i}`, bytes: mutateBytes(bytes, m) });
    }
  } else {
    const gen = fc.tuple(fc.array(mutationArb, { minLength: 1, maxLength: 5 }), fc.boolean());
    for (const [i, [m, gz]] of fc.sample(gen, { numRuns: MUTATED_PER_ADAPTER, seed }).entries()) {
      const bytes = mutateCsv(seedText, m);
      files.push({ name: `mutated csv ${i}`, bytes: gz ? new Uint8Array(gzipSync(bytes)) : bytes });
    }
  }
  return files;
}

test("hostile files through a real worker: every job ends done or failed with a category, none is left running", async () => {
  const jobs: Array<{ source: string; name: string; file: string }> = [];
  for (const [index, adapter] of Object.values(adapters).entries()) {
    for (const f of hostileFiles(adapter.id, adapter.format === "parquet", index)) {
      const file = join(dir, `${adapter.id}-${jobs.length}`);
      writeFileSync(file, f.bytes);
      jobs.push({ source: adapter.id, name: f.name, file });
    }
  }

  const outcomes: Record<string, number> = {};
  const ended: Array<{ jobId: string; source: string; name: string; state: string; error?: string | null }> = [];
  const started = performance.now();
  // A few at a time: each waiter follows its own job record and events.
  for (let i = 0; i < jobs.length; i += 8) {
    const wave = await Promise.all(
      jobs.slice(i, i + 8).map(async (j) => {
        const submitted = await submitIngest(system.client, { source: j.source, file: j.file }, { timeoutMs: 240_000 });
        const ev = await submitted.done;
        return { jobId: submitted.job.jobId, source: j.source, name: j.name, state: ev.state, error: ev.error };
      }),
    );
    ended.push(...wave);
  }
  const seconds = (performance.now() - started) / 1000;

  const store = await openJobStore(system.client);
  for (const e of ended) {
    const label = e.state === "failed" ? `failed:${e.error}` : e.state;
    outcomes[label] = (outcomes[label] ?? 0) + 1;
    expect([e.jobId, e.state]).toEqual([e.jobId, expect.stringMatching(/^(done|failed)$/)]);
    if (e.state === "failed") {
      // A category a client may see, and never "internal" (that would be an unnamed failure).
      expect(isJobErrorCategory(e.error)).toBe(true);
      expect([e.source, e.name, e.error]).not.toEqual([e.source, e.name, "internal"]);
    }
    // Neither the job record nor the run row in the database is left running.
    expect([e.jobId, (await store.get(e.jobId))?.state]).toEqual([e.jobId, e.state]);
    const summary = await system.storage.jobSummary(e.jobId);
    expect([e.jobId, summary?.state ?? e.state]).toEqual([e.jobId, e.state]);
  }
  const bombs = ended.filter((e) => e.name === "gzip bomb (64 MB of zeros)");
  expect(bombs.every((e) => e.state === "failed" && e.error === "too_large")).toBe(true);
  const summary = Object.entries(outcomes)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k}×${n}`)
    .join(" ");
  console.log(`hostile ingest e2e: ${ended.length} hostile jobs over ${Object.keys(adapters).length} adapters in ${seconds.toFixed(1)} s; ${summary}; running×0`);
}, 900_000);
