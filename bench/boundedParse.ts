// Bounded parsing on a hostile file: a gzip holding a header, one unquoted line of N MB without
// a newline in sight, then a few good rows. Measures, per run, the wall time of reading it
// through openSource → csvRows, the peak RSS of this process, and the most text csvRows held.
//   bun bench/boundedParse.ts [lineMB=64]
// Two runs: with the default limits (the gzip ratio cap fails the source past 16 MiB of output),
// and with the ratio cap lifted (the whole line streams through the record cap, which
// quarantines it and reads the rows after it).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { csvRows } from "../pipelines/csvRows.ts";
import { DEFAULT_DECOMPRESSION_LIMITS, type DecompressionLimits } from "../pipelines/gunzipLimits.ts";
import { openSource } from "../pipelines/openSource.ts";
import type { CsvCounter } from "../pipelines/types.ts";

const lineMb = Number(process.argv[2] ?? 64);
const dir = mkdtempSync(join(tmpdir(), "covidmesh-bounded-bench-"));
const file = join(dir, "hostile.csv.gz");
const line = Buffer.alloc(lineMb * 1024 * 1024, 0x61);
writeFileSync(file, Buffer.concat([gzipSync("a,b\n"), gzipSync(line, { level: 9 }), gzipSync("\n1,2\n3,4\n")]));
const gzBytes = Bun.file(file).size;

async function run(label: string, decompression: DecompressionLimits) {
  Bun.gc(true);
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sample = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 10);
  const counter: CsvCounter = { rows: 0 };
  const errors: string[] = [];
  let outcome = "read to the end";
  const t0 = performance.now();
  try {
    const src = await openSource({ file }, { decompression });
    for await (const row of csvRows(src.stream, { counter })) {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      if (row.error) errors.push(`line ${row.line}: ${row.error.slice(0, 60)}…`);
    }
  } catch (err) {
    outcome = `${(err as Error).name}: ${(err as Error).message.slice(0, 90)}…`;
  }
  const ms = performance.now() - t0;
  clearInterval(sample);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  console.log(`\n${label}`);
  console.log(`  outcome: ${outcome}`);
  console.log(`  rows: ${counter.rows}; error rows: ${errors.join("; ") || "none"}`);
  console.log(
    `  wall ${ms.toFixed(0)} ms; peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB (${((peakRss - rssBefore) / 2 ** 20).toFixed(0)} MiB above the start); csvRows held at most ${counter.peakBufferedChars} characters`,
  );
}

console.log(`${lineMb} MB line, ${gzBytes} bytes gzipped (${(line.length / gzBytes).toFixed(0)}×)`);
await run("default limits", DEFAULT_DECOMPRESSION_LIMITS);
await run("ratio cap lifted (record cap only)", { ...DEFAULT_DECOMPRESSION_LIMITS, maxRatio: Number.MAX_SAFE_INTEGER });
rmSync(dir, { recursive: true, force: true });
