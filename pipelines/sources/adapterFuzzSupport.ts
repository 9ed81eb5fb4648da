// Inputs for the adapter fuzz test (adapterFuzz.test.ts): a small well-formed file per source,
// mutations of it that a hostile or broken publisher could send, and fixed hostile files
// (bombs, cut streams, endless lines). Everything is built in memory from the bundled sample
// and inline text, so the test needs no shared dataset.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import fc from "fast-check";

const SAMPLE = join(import.meta.dir, "../../sample");
const enc = new TextEncoder();

/** The first `n` lines of a gzipped sample file. */
function sampleHead(name: string, n: number): string {
  return `${gunzipSync(readFileSync(join(SAMPLE, name)))
    .toString("utf8")
    .split("\n")
    .slice(0, n)
    .join("\n")}\n`;
}

const GOOGLE_REGION_HEADER =
  "country_region_code,country_region,sub_region_1,sub_region_2,metro_area,iso_3166_2_code,census_fips_code,date,retail_and_recreation_percent_change_from_baseline,grocery_and_pharmacy_percent_change_from_baseline,parks_percent_change_from_baseline,transit_stations_percent_change_from_baseline,workplaces_percent_change_from_baseline,residential_percent_change_from_baseline";

/** A small well-formed file per CSV source (header and a few rows), the seed of its mutations. */
export function csvSeeds(): Record<string, string> {
  const usCases = sampleHead("jhu_confirmed_US_sample.csv.gz", 4);
  const usDeaths = sampleHead("jhu_deaths_US_sample.csv.gz", 4);
  return {
    "jhu-lookup": sampleHead("UID_ISO_FIPS_LookUp_Table.csv.gz", 6),
    "jhu-us-cases": usCases,
    "jhu-us-deaths": usDeaths,
    "jhu-global-cases": "Province/State,Country/Region,Lat,Long,1/22/20,1/23/20,1/24/20\n,Germany,51.1,10.4,1,2,3\n,France,46.2,2.2,4,5,9\n",
    "jhu-global-deaths": "Province/State,Country/Region,Lat,Long,1/22/20,1/23/20,1/24/20\n,Germany,51.1,10.4,0,1,1\n,Italy,41.8,12.5,0,0,2\n",
    "nyt-us-states": "date,state,fips,cases,deaths\n2020-03-01,Washington,53,10,1\n2020-03-02,Washington,53,12,2\n2020-03-02,Alabama,01,3,0\n",
    "nyt-us-counties": "date,county,state,fips,cases,deaths\n2020-03-01,Autauga,Alabama,01001,1,0\n2020-03-02,Autauga,Alabama,01001,2,0\n",
    "ecdc-weekly":
      "\ufeffcountry,country_code,continent,population,indicator,weekly_count,year_week,rate_14_day,cumulative_count,source\nAustria,AUT,Europe,8901064,cases,10,2020-10,1,12,x\nAustria,AUT,Europe,8901064,deaths,1,2020-10,1,1,x\n",
    "google-mobility": `${GOOGLE_REGION_HEADER}\nAE,United Arab Emirates,,,,,,2020-02-15,0,4,5,0,2,1\nAE,United Arab Emirates,,,,,,2020-02-16,1,4,4,1,2,1\n`,
    "oi-mobility-state":
      "year,month,day,statefips,gps_retail_and_recreation,gps_grocery_and_pharmacy,gps_parks,gps_transit_stations,gps_workplaces,gps_residential,gps_away_from_home\n2020,2,24,1,.00286,-.00714,.0557,.06,.0129,.00857,-.00798\n2020,2,24,2,.03,.00714,.0629,.0314,.0157,.00286,-.000578\n",
    "covidhub-hosp": "state,date,value,location\nAK,2024-11-09,14,02\nAK,2024-11-16,11,02\nAL,2024-11-16,93,01\n",
    "covidhub-hosp-vintages": sampleHead("hospital-admissions-vintages.csv.gz", 5),
  };
}

/** The bundled parquet samples, the seeds of the parquet sources' mutations. */
export function parquetSeeds(): Record<string, Uint8Array> {
  return {
    "covidhub-time-series": new Uint8Array(readFileSync(join(SAMPLE, "time-series-asof-2025-12-31.parquet"))),
    "nssp-ed-visits": new Uint8Array(readFileSync(join(SAMPLE, "nssp-raw-asof-2025-12-31.parquet"))),
  };
}

/** Cell values a hostile or careless publisher sends. */
export const HOSTILE_CELLS = [
  "",
  "1e999",
  "-1e999",
  "NaN",
  "Infinity",
  "-1",
  "0x10",
  "1e10",
  "99999999999999999999",
  "1.5",
  " 12 ",
  "0001-01-01",
  "9999-12-31",
  "2020-02-30",
  "1/1/1",
  "13/45/20",
  "2019-11-30",
  '"',
  '""',
  '"unterminated',
  "a\u0000b",
  "\u202e\u200b",
  "\ud800",
  "😷",
  "'; DROP TABLE observations; --",
  "../../../etc/passwd",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a log4j-style lookup, sent as plain text on purpose
  "${jndi:ldap://x}",
  "null",
  "undefined",
  "__proto__",
  "constructor",
  "All",
  "00000",
  "99000",
  "x".repeat(5000),
];

export type Mutation =
  | { kind: "cell"; row: number; col: number; value: string }
  | { kind: "dropRow"; row: number }
  | { kind: "duplicateRow"; row: number }
  | { kind: "truncate"; at: number }
  | { kind: "insertBytes"; at: number; bytes: Uint8Array }
  | { kind: "dropColumn"; col: number }
  | { kind: "extraColumn"; row: number }
  | { kind: "crlf" }
  | { kind: "noFinalNewline" };

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("cell" as const), row: fc.nat(8), col: fc.nat(40), value: fc.constantFrom(...HOSTILE_CELLS) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("cell" as const), row: fc.nat(8), col: fc.nat(40), value: fc.string({ maxLength: 20 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("dropRow" as const), row: fc.nat(8) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("duplicateRow" as const), row: fc.nat(8) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("truncate" as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("insertBytes" as const), at: fc.double({ min: 0, max: 1, noNaN: true }), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("dropColumn" as const), col: fc.nat(40) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("extraColumn" as const), row: fc.nat(8) }) },
  { weight: 1, arbitrary: fc.constant({ kind: "crlf" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "noFinalNewline" as const }) },
);

/** Applies mutations to a CSV text (naive comma split: broken quoting is part of the point). */
export function mutateCsv(text: string, mutations: Mutation[]): Uint8Array {
  let rows = text
    .replace(/\n$/, "")
    .split("\n")
    .map((r) => r.split(","));
  let eol = "\n";
  let finalNewline = true;
  const byteOps: Mutation[] = [];
  for (const m of mutations) {
    if (m.kind === "cell" && rows.length > 0) {
      // Data rows mostly: a broken header ends the file at once (MissingColumnError), which
      // the random-bytes inputs already cover; row 0 is still hit now and then.
      const r = rows[m.row === 8 || rows.length === 1 ? 0 : 1 + (m.row % (rows.length - 1))];
      r[m.col % r.length] = m.value;
    } else if (m.kind === "dropRow" && rows.length > 0) rows.splice(m.row % rows.length, 1);
    else if (m.kind === "duplicateRow" && rows.length > 0) rows.push([...rows[m.row % rows.length]]);
    else if (m.kind === "dropColumn") rows = rows.map((r, i) => (i === 0 ? r : r.filter((_, j) => j !== m.col % Math.max(1, r.length))));
    else if (m.kind === "extraColumn" && rows.length > 0) rows[m.row % rows.length].push("extra");
    else if (m.kind === "crlf") eol = "\r\n";
    else if (m.kind === "noFinalNewline") finalNewline = false;
    else byteOps.push(m);
  }
  let bytes: Uint8Array = enc.encode(rows.map((r) => r.join(",")).join(eol) + (finalNewline ? eol : ""));
  for (const m of byteOps) {
    if (m.kind === "truncate") bytes = bytes.subarray(0, Math.floor(m.at * bytes.length));
    else if (m.kind === "insertBytes") {
      const at = Math.floor(m.at * bytes.length);
      bytes = concat(bytes.subarray(0, at), m.bytes, bytes.subarray(at));
    }
  }
  return bytes;
}

export type ByteMutation = { kind: "flip"; at: number; value: number } | { kind: "truncate"; at: number } | { kind: "append"; bytes: Uint8Array };

/** Byte mutations of a binary file, half of them aimed at the last 4 KiB (parquet's footer). */
export const byteMutationArb: fc.Arbitrary<ByteMutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("flip" as const), at: fc.double({ min: 0, max: 1, noNaN: true }), value: fc.nat(255) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("flip" as const), at: fc.double({ min: -1, max: -0.0001, noNaN: true }), value: fc.nat(255) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("truncate" as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("append" as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }) }) },
);

export function mutateBytes(seed: Uint8Array, mutations: ByteMutation[]): Uint8Array {
  let bytes: Uint8Array = seed.slice();
  for (const m of mutations) {
    if (m.kind === "flip" && bytes.length > 0) {
      // Negative positions count from the end, within the last 4 KiB.
      const at = m.at >= 0 ? Math.floor(m.at * bytes.length) : bytes.length - 1 - Math.floor(-m.at * Math.min(4096, bytes.length - 1));
      bytes[Math.min(bytes.length - 1, Math.max(0, at))] = m.value;
    } else if (m.kind === "truncate") bytes = bytes.subarray(0, Math.floor(m.at * bytes.length));
    else if (m.kind === "append") bytes = concat(bytes, m.bytes);
  }
  return bytes;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const gz = (b: Uint8Array) => new Uint8Array(gzipSync(b, { level: 9 }));
const zeros = (n: number) => new Uint8Array(n);
const line = (n: number) => new Uint8Array(n).fill(0x61);
/** The costly parts, built once for all sources. */
let big: { line8: Uint8Array; zerosGz: Uint8Array; lineGz: Uint8Array } | undefined;

/** Hand-made hostile files, the same for every source; sizes are chosen against the test's small limits. */
export function fixedHostileFiles(seedText: string): Array<{ name: string; bytes: Uint8Array }> {
  const header = seedText.split("\n")[0];
  const firstRow = seedText.split("\n")[1] ?? "";
  big ??= { line8: line(8 * 1024 * 1024), zerosGz: gz(zeros(64 * 1024 * 1024)), lineGz: gz(line(32 * 1024 * 1024)) };
  const seedGz = gz(enc.encode(seedText));
  return [
    { name: "empty", bytes: new Uint8Array(0) },
    { name: "one byte", bytes: Uint8Array.of(0x1f) },
    { name: "gzip magic only", bytes: Uint8Array.of(0x1f, 0x8b) },
    { name: "header only", bytes: enc.encode(`${header}\n`) },
    { name: "header without newline", bytes: enc.encode(header) },
    { name: "NUL bytes", bytes: zeros(4096) },
    { name: "UTF-16LE text", bytes: new Uint8Array(Buffer.from(`\ufeff${seedText}`, "utf16le")) },
    { name: "parquet magic, no file", bytes: enc.encode(`PAR1${"x".repeat(100)}PAR1`) },
    { name: "10 000 columns header", bytes: enc.encode(`${Array.from({ length: 10_000 }, (_, i) => `c${i}`).join(",")}\n1,2\n`) },
    { name: "8 MB line without newline", bytes: concat(enc.encode(`${header}\n`), big.line8) },
    { name: "8 MB quoted field", bytes: concat(enc.encode(`${header}\n"`), big.line8, enc.encode('"\n')) },
    { name: "20 000 short rows of one column", bytes: enc.encode(`${header}\n${"1\n".repeat(20_000)}`) },
    { name: "2 000 copies of one row", bytes: enc.encode(`${header}\n${`${firstRow}\n`.repeat(2_000)}`) },
    { name: "gzip bomb (64 MB of zeros)", bytes: concat(gz(enc.encode(`${header}\n`)), big.zerosGz) },
    { name: "gzip bomb of one long line", bytes: big.lineGz },
    { name: "gzip cut in half", bytes: seedGz.subarray(0, Math.floor(seedGz.length / 2)) },
    { name: "gzip with garbage after the header", bytes: concat(seedGz.subarray(0, 10), line(500)) },
    { name: "gzip of gzip", bytes: gz(seedGz) },
    { name: "gzip with trailing garbage", bytes: concat(seedGz, enc.encode("garbage")) },
  ];
}
