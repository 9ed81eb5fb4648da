// The bundled *current* sample: real CDC COVID-19 Forecast Hub files as
// published on 2025-12-31, copied whole and unchanged from /work/shared/data/covidhub/, so that
// `npm start` on a fresh, offline machine answers 2025 questions. makeSample.ts copies them and
// appends this section to sample/ATTRIBUTION.md.
//
// Why whole files: they are 2.95 MB together (the JHU part is 0.97 MB), so the sample folder stays
// "a few MB" (3.8 MB) while every byte is the publisher's own, every 2025 week is covered, and no
// parquet re-encoding (a new dependency, another writer's encoding) is needed.
import { createHash } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { parquetMetadata } from "hyparquet";
import { CURRENT_SAMPLE, type CurrentSampleFile } from "../../cli/currentSample.ts";

export interface CurrentSampleInfo extends CurrentSampleFile {
  rows: number;
  bytes: number;
  /** sha256 of the file's bytes as shipped (the gzip bytes for .gz). */
  sha256: string;
}

function rowsOf(bytes: Uint8Array, file: string): number {
  if (file.endsWith(".parquet")) {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    return Number(parquetMetadata(buffer).num_rows);
  }
  const text = (file.endsWith(".gz") ? gunzipSync(bytes) : Buffer.from(bytes)).toString("utf8");
  return text.split(/\r?\n/).filter((l) => l !== "").length - 1;
}

/** Copies the files byte for byte (not their read-only mode) and describes them. */
export function copyCurrentSample(fromDir: string, outDir: string): CurrentSampleInfo[] {
  return CURRENT_SAMPLE.map((f) => {
    const bytes = readFileSync(join(fromDir, f.file));
    const target = join(outDir, f.file);
    rmSync(target, { force: true });
    writeFileSync(target, bytes);
    return { ...f, rows: rowsOf(bytes, f.file), bytes: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") };
  });
}

export function renderCurrentAttribution(infos: CurrentSampleInfo[]): string {
  const table = infos
    .map((f) => `| \`${f.file}\` | ${f.hubPath} | \`${f.source}\` | ${f.rows.toLocaleString("en-US")} | ${f.bytes.toLocaleString("en-US")} | \`${f.sha256}\` |`)
    .join("\n");
  const whats = infos.map((f) => `- \`${f.file}\`: ${f.what}.`).join("\n");
  return `
# Current sample (2024–2025): CDC COVID-19 Forecast Hub

Three files of the **CDC COVID-19 Forecast Hub** (https://github.com/CDCgov/covid19-forecast-hub),
run by CDC's Center for Forecasting and Outbreak Analytics, as published on **2025-12-31**. With
them \`npm start\` answers questions about 2025 offline (the JHU files above end in 2020).

- **Data:** CDC's National Healthcare Safety Network (NHSN, Hospital Respiratory Reporting) and
  National Syndromic Surveillance Program (NSSP): public-domain US government works (17 U.S.C.
  § 105). Source: Centers for Disease Control and Prevention, via the COVID-19 Forecast Hub.
- **Repository:** the hub's code and layout are under the Apache License 2.0.
- **Unchanged:** the two parquet files are the hub's files of 2025-12-31 byte for byte, taken
  from its git history; nothing is filtered or re-encoded. The vintages file was assembled from
  the same git history: every weekly version of the hub's admissions file, stacked, with the day
  the hub published it in \`as_of\` (values unchanged), so the sample keeps the revision history.
  The time series carries the hub's own \`as_of\` column; the NSSP file has none, so its rows are
  stored with the ingest's publication day (the source's Last-Modified, else the ingest time).

${whats}

| File | In the hub | Source id | Rows (excl. header) | Bytes | sha256 (as shipped) |
|---|---|---|---|---|---|
${table}

Why whole files rather than slices: together they are ${(infos.reduce((s, f) => s + f.bytes, 0) / 1e6).toFixed(2)} MB, so the folder stays a
few MB; every byte is the publisher's; every week of 2025 is covered; no parquet writer is needed.
`;
}
