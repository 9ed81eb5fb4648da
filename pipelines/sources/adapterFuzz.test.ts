// Fuzz every source adapter of the registry: random bytes, mutations of a well-formed file
// (hostile cells, broken rows and quoting, cut and spliced bytes; plain and gzipped), mutated
// parquet files, and fixed hostile files (gzip bombs, endless lines, cut streams). Every input
// runs the path a covid-data worker runs (openSource → csvRows or parquetFromStream → adapter)
// under small limits, and must end, within a time bound, either in batches that hold only sane
// values (malformed rows quarantined with a reason) or in a named PipelineError. fast-check
// with fixed seeds: a run is reproducible. It prints the number of inputs and their outcomes.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { FIRST_WINDOW_DAY, lastWindowDay } from "../../domain/mod.ts";
import { csvRows } from "../csvRows.ts";
import { PipelineError } from "../errors.ts";
import { openSource } from "../openSource.ts";
import { parquetFromStream } from "../parquetBytes.ts";
import { adapters } from "../registry.ts";
import type { AdapterEvent, AnySourceAdapter, CsvCounter } from "../types.ts";
import { byteMutationArb, csvSeeds, fixedHostileFiles, mutateBytes, mutateCsv, mutationArb, parquetSeeds } from "./adapterFuzzSupport.ts";

/** Small limits, so that the bounds are reached within a test's time. */
const LIMITS = {
  maxRecordChars: 64 * 1024,
  decompression: { maxBytes: 16 * 1024 * 1024, maxRatio: 100, ratioGraceBytes: 1024 * 1024 },
  maxPlainBytes: 16 * 1024 * 1024,
  maxParquetBytes: 8 * 1024 * 1024,
  batchValues: 1_000,
};
/** The most one input may take (a hang fails the test well before bun's timeout). */
const INPUT_DEADLINE_MS = 20_000;
/** Fixed seeds; change SEED_OFFSET locally to explore further. */
const SEED_OFFSET = 0;

let dir = "";
let fileNo = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "covidmesh-adapter-fuzz-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Tally {
  inputs: number;
  batches: number;
  withQuarantine: number;
  errors: Record<string, number>;
  slowestMs: number;
  peakBufferedChars: number;
  peakRssMiB: number;
}
const tally: Tally = { inputs: 0, batches: 0, withQuarantine: 0, errors: {}, slowestMs: 0, peakBufferedChars: 0, peakRssMiB: 0 };
const perAdapter = new Map<string, number>();

const DAY_COLUMNS = new Set(["day", "weekEnd", "asOf"]);

/** Batches hold only what storage accepts: equal column lengths, finite or missing values, days in the window. */
function checkEvent(ev: AdapterEvent, where: string): void {
  if (ev.kind === "quarantine") {
    expect(ev.rows.length).toBeGreaterThan(0);
    for (const r of ev.rows) {
      if (typeof r.reason !== "string" || r.reason.length === 0) throw new Error(`${where}: quarantine row without a reason`);
      if (!Number.isInteger(r.line) || r.line < 0) throw new Error(`${where}: quarantine row with line ${r.line}`);
    }
    return;
  }
  if (ev.kind === "skipped") {
    if (!(Number.isInteger(ev.rows) && ev.rows >= 0 && ev.reason.length > 0)) throw new Error(`${where}: bad skipped event`);
    return;
  }
  if (ev.kind === "regions") {
    for (const r of ev.regions) if (!Number.isInteger(r.id)) throw new Error(`${where}: region without an integer id`);
    return;
  }
  const last = lastWindowDay();
  let n = -1;
  for (const [name, col] of Object.entries(ev.columns)) {
    if (!ArrayBuffer.isView(col) && !Array.isArray(col)) continue;
    const values = col as ArrayLike<unknown>;
    if (n === -1) n = values.length;
    if (values.length !== n) throw new Error(`${where}: column ${name} has ${values.length} values, not ${n}`);
    if (col instanceof Float64Array) {
      for (const v of col) if (v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY) throw new Error(`${where}: ${name} holds ${v}`);
    }
    if (DAY_COLUMNS.has(name) && col instanceof Int32Array) {
      for (const d of col) if (d < FIRST_WINDOW_DAY || d > last) throw new Error(`${where}: ${name} ${d} is outside the date window`);
    }
  }
  if (n > LIMITS.batchValues) throw new Error(`${where}: a batch of ${n} rows, more than ${LIMITS.batchValues}`);
}

/** One input through one adapter, as a worker reads it. Returns the outcome's label. */
async function runOne(adapter: AnySourceAdapter, bytes: Uint8Array, label: string): Promise<string> {
  const file = join(dir, `in-${fileNo++}`);
  writeFileSync(file, bytes);
  const where = `${adapter.id} / ${label}`;
  const counter: CsvCounter = { rows: 0, peakBufferedChars: 0 };
  const started = performance.now();
  let quarantined = false;
  const run = async () => {
    const src = await openSource({ file }, { decompression: LIMITS.decompression, maxPlainBytes: LIMITS.maxPlainBytes });
    const opts = { batchValues: LIMITS.batchValues, publishedDay: lastWindowDay() - 1 };
    const events =
      adapter.format === "parquet"
        ? adapter.parseParquet(await parquetFromStream(src.stream, file, LIMITS.maxParquetBytes), opts)
        : adapter.parse(csvRows(src.stream, { counter, maxRecordChars: LIMITS.maxRecordChars }), opts);
    for await (const ev of events) {
      checkEvent(ev, where);
      if (ev.kind === "quarantine") quarantined = true;
    }
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${where}: no outcome within ${INPUT_DEADLINE_MS} ms`)), INPUT_DEADLINE_MS);
  });
  let outcome: string;
  try {
    await Promise.race([run(), deadline]);
    outcome = quarantined ? "batches+quarantine" : "batches";
  } catch (err) {
    // Anything but a named pipeline error (a TypeError, a RangeError, the deadline) is a finding.
    if (!(err instanceof PipelineError) || err.name === "PipelineError") {
      throw new Error(`${where}: unnamed failure ${(err as Error)?.name}: ${(err as Error)?.message}`, { cause: err });
    }
    outcome = err.name;
  } finally {
    clearTimeout(timer);
    rmSync(file, { force: true });
  }
  const ms = performance.now() - started;
  tally.inputs++;
  perAdapter.set(adapter.id, (perAdapter.get(adapter.id) ?? 0) + 1);
  if (outcome === "batches") tally.batches++;
  else if (outcome === "batches+quarantine") tally.withQuarantine++;
  else tally.errors[outcome] = (tally.errors[outcome] ?? 0) + 1;
  tally.slowestMs = Math.max(tally.slowestMs, ms);
  tally.peakBufferedChars = Math.max(tally.peakBufferedChars, counter.peakBufferedChars ?? 0);
  tally.peakRssMiB = Math.max(tally.peakRssMiB, process.memoryUsage().rss / 1024 ** 2);
  // Memory: csvRows holds at most one record's cap plus one 256 KiB slice of text.
  expect(counter.peakBufferedChars ?? 0).toBeLessThanOrEqual(LIMITS.maxRecordChars + 256 * 1024);
  return outcome;
}

const csv = csvSeeds();
const parquet = parquetSeeds();
const ALL = Object.values(adapters);

test("the fuzz covers every registered adapter", () => {
  for (const a of ALL) expect(a.format === "parquet" ? parquet[a.id] : csv[a.id]).toBeDefined();
});

test("random bytes, plain and gzipped, at every adapter", async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...ALL), fc.uint8Array({ maxLength: 3000 }), fc.boolean(), async (adapter, bytes, gz) => {
      await runOne(adapter, gz ? new Uint8Array(gzipSync(bytes)) : bytes, "random bytes");
    }),
    { numRuns: 700, seed: 14_001 + SEED_OFFSET, endOnFailure: true },
  );
}, 300_000);

test("mutated well-formed CSV (hostile cells, broken rows, cut and spliced bytes), plain and gzipped", async () => {
  const csvAdapters = ALL.filter((a) => a.format !== "parquet");
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...csvAdapters), fc.array(mutationArb, { minLength: 1, maxLength: 6 }), fc.boolean(), async (adapter, mutations, gz) => {
      const bytes = mutateCsv(csv[adapter.id], mutations);
      await runOne(adapter, gz ? new Uint8Array(gzipSync(bytes)) : bytes, `mutations ${JSON.stringify(mutations).slice(0, 300)}`);
    }),
    { numRuns: 1500, seed: 14_002 + SEED_OFFSET, endOnFailure: true },
  );
}, 300_000);

test("mutated parquet files (flipped footer and page bytes, cut, appended), and CSV seeds fed to parquet adapters", async () => {
  const parquetAdapters = ALL.filter((a) => a.format === "parquet");
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...parquetAdapters), fc.array(byteMutationArb, { minLength: 1, maxLength: 4 }), async (adapter, mutations) => {
      await runOne(adapter, mutateBytes(parquet[adapter.id], mutations), `parquet ${JSON.stringify(mutations)}`);
    }),
    { numRuns: 120, seed: 14_003 + SEED_OFFSET, endOnFailure: true },
  );
  for (const adapter of parquetAdapters) {
    for (const text of Object.values(csv).slice(0, 3)) await runOne(adapter, new TextEncoder().encode(text), "a CSV file");
  }
}, 300_000);

test("fixed hostile files (bombs, endless lines, cut gzip, 10 000 columns) at every adapter", async () => {
  const outcomes: Record<string, Set<string>> = {};
  for (const adapter of ALL) {
    const seedText = csv[adapter.id] ?? Object.values(csv)[0];
    const files = fixedHostileFiles(seedText);
    if (adapter.format === "parquet")
      files.push({ name: "the sample, whole", bytes: parquet[adapter.id] }, { name: "the sample, gzipped", bytes: new Uint8Array(gzipSync(parquet[adapter.id])) });
    for (const f of files) (outcomes[f.name] ??= new Set()).add(await runOne(adapter, f.bytes, f.name));
  }
  // The bombs and endless lines reach their bounds by name, whichever adapter reads them.
  expect([...outcomes["gzip bomb (64 MB of zeros)"]].every((o) => o === "DecompressionLimitError" || o === "SourceTooLargeError")).toBe(true);
  for (const [name, seen] of Object.entries(outcomes)) console.log(`  ${name}: ${[...seen].sort().join(", ")}`);
}, 600_000);

afterAll(() => {
  const errors = Object.entries(tally.errors)
    .sort((a, b) => b[1] - a[1])
    .map(([name, n]) => `${name}×${n}`)
    .join(" ");
  console.log(
    `adapter fuzz: ${tally.inputs} hostile inputs over ${perAdapter.size} adapters; outcomes: batches×${tally.batches} batches+quarantine×${tally.withQuarantine} ${errors}; ` +
      `slowest input ${Math.round(tally.slowestMs)} ms, peak csvRows buffer ${tally.peakBufferedChars} chars, peak RSS ${Math.round(tally.peakRssMiB)} MiB`,
  );
});
