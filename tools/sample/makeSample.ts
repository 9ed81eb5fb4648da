// Derives the committed offline-demo sample (sample/) from the real JHU CSSE files:
//   bun tools/sample/makeSample.ts [--from /work/shared/data/jhu_csse] [--out sample]
// The US time series keep every row and every non-date column byte for byte, but only the date
// columns 10/1/20 … 12/30/20; the lookup table is copied as is. ATTRIBUTION.md is rewritten with
// the row counts and checksums of what was produced. Re-running gives identical files. The
// current part (CDC Forecast Hub, 2025) is copied whole from ../covidhub (see currentSample.ts).
import { createHash } from "node:crypto";
import { createWriteStream, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { createGzip, gunzipSync } from "node:zlib";
import { csvRows } from "../../pipelines/csvRows.ts";
import { openSource } from "../../pipelines/openSource.ts";
import { parseJhuDate } from "../../pipelines/sources/jhuFields.ts";
import { parseUsHeader } from "../../pipelines/sources/jhuUsHeader.ts";
import { renderAttribution, type SampleFileInfo } from "./sampleAttribution.ts";
import { copyCurrentSample, renderCurrentAttribution, type CurrentSampleInfo } from "./currentSample.ts";

export const SAMPLE_FIRST_DATE = "10/1/20";
export const SAMPLE_LAST_DATE = "12/30/20";

const US_FILES = [
  { input: "time_series_covid19_confirmed_US.csv.gz", output: "jhu_confirmed_US_sample.csv.gz" },
  { input: "time_series_covid19_deaths_US.csv.gz", output: "jhu_deaths_US_sample.csv.gz" },
];
const LOOKUP_FILE = "UID_ISO_FIPS_LookUp_Table.csv.gz";

class SampleError extends Error {
  override name = "SampleError";
}

/** Yields the output lines of one US file: non-date prefix kept verbatim, date columns cut. */
async function* cutDates(path: string, stats: { rows: number; columns: number }): AsyncGenerator<string> {
  const src = await openSource({ file: path });
  const first = parseJhuDate(SAMPLE_FIRST_DATE)!;
  const last = parseJhuDate(SAMPLE_LAST_DATE)!;
  let dateCount = 0;
  let keepFrom = 0;
  let keepTo = 0;
  let width = 0;
  for await (const row of csvRows(src.stream)) {
    if (row.error) throw new SampleError(`${path} line ${row.line}: ${row.error}`);
    if (row.line === 1) {
      const layout = parseUsHeader(row.fields, path, false);
      dateCount = layout.days.length;
      width = row.fields.length;
      if (layout.dateCols[0] !== width - dateCount) throw new SampleError(`${path}: date columns are not the trailing columns`);
      keepFrom = layout.days.indexOf(first);
      keepTo = layout.days.indexOf(last) + 1;
      if (keepFrom < 0 || keepTo <= 0) throw new SampleError(`${path}: ${SAMPLE_FIRST_DATE} … ${SAMPLE_LAST_DATE} not in the header`);
      stats.columns = width - dateCount + (keepTo - keepFrom);
    } else {
      if (row.fields.length !== width) throw new SampleError(`${path} line ${row.line}: ${row.fields.length} fields, expected ${width}`);
      stats.rows++;
    }
    yield `${cutLine(row.raw, row.fields, dateCount, keepFrom, keepTo, path, row.line)}\n`;
  }
}

/**
 * Date fields are unquoted numbers (or M/D/YY names) at the end of the line, so the cut point is
 * the dateCount-th comma from the end; everything before it is copied without re-quoting.
 */
function cutLine(raw: string, fields: string[], dateCount: number, from: number, to: number, path: string, line: number): string {
  let pos = raw.length;
  for (let k = 0; k < dateCount; k++) {
    pos = raw.lastIndexOf(",", pos - 1);
    if (pos < 0) throw new SampleError(`${path} line ${line}: fewer commas than date columns`);
  }
  const dates = raw.slice(pos + 1).split(",");
  const parsed = fields.slice(fields.length - dateCount);
  if (dates.length !== dateCount || dates.some((d, i) => d !== parsed[i])) {
    throw new SampleError(`${path} line ${line}: date fields are quoted or irregular; refusing to cut`);
  }
  return raw.slice(0, pos + 1) + dates.slice(from, to).join(",");
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** The JHU part from `fromDir`; the current (Forecast Hub) part from `covidhubDir` (default: its sibling covidhub/). */
export async function makeSample(fromDir: string, outDir: string, covidhubDir = join(fromDir, "../covidhub")): Promise<SampleFileInfo[] & { current?: CurrentSampleInfo[] }> {
  mkdirSync(outDir, { recursive: true });
  const infos: SampleFileInfo[] = [];
  for (const f of US_FILES) {
    const stats = { rows: 0, columns: 0 };
    const target = join(outDir, f.output);
    // mtime 0 in the gzip header (zlib's default) keeps re-runs byte-identical.
    await pipeline(Readable.from(cutDates(join(fromDir, f.input), stats)), createGzip({ level: 9 }), createWriteStream(target));
    const gz = readFileSync(target);
    infos.push({ file: f.output, from: f.input, rows: stats.rows, columns: stats.columns, gzBytes: gz.length, sha256: sha256(gunzipSync(gz)) });
  }
  const lookupTarget = join(outDir, LOOKUP_FILE);
  // Copy the bytes, not the mode: the shared originals are read-only, the sample must stay writable.
  rmSync(lookupTarget, { force: true });
  writeFileSync(lookupTarget, readFileSync(join(fromDir, LOOKUP_FILE)));
  const lookupPlain = gunzipSync(readFileSync(lookupTarget));
  const lookupRows =
    lookupPlain
      .toString("utf8")
      .split(/\r?\n/)
      .filter((l) => l !== "").length - 1;
  infos.push({ file: LOOKUP_FILE, from: LOOKUP_FILE, rows: lookupRows, columns: 12, gzBytes: readFileSync(lookupTarget).length, sha256: sha256(lookupPlain) });
  const current = copyCurrentSample(covidhubDir, outDir);
  writeFileSync(join(outDir, "ATTRIBUTION.md"), renderAttribution(infos, SAMPLE_FIRST_DATE, SAMPLE_LAST_DATE) + renderCurrentAttribution(current));
  return Object.assign(infos, { current });
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { from: { type: "string", default: "/work/shared/data/jhu_csse" }, out: { type: "string", default: "sample" } },
  });
  const infos = await makeSample(resolve(values.from!), resolve(values.out!));
  for (const i of infos) console.log(`${i.file}: ${i.rows} rows × ${i.columns} columns, ${i.gzBytes} bytes gzipped, sha256 ${i.sha256}`);
  for (const i of infos.current ?? []) console.log(`${i.file}: ${i.rows} rows, ${i.bytes} bytes, sha256 ${i.sha256}`);
}
