import { expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JHU_DIR, runAdapter } from "../../pipelines/testSupport.ts";
import { dayOfIso } from "../../domain/mod.ts";
import { makeSample } from "./makeSample.ts";
import { needsSharedData } from "../../testenv/sharedDataGate.ts";

const SAMPLE_DIR = join(import.meta.dir, "../../sample");
const SAMPLE_FILES = [
  "jhu_confirmed_US_sample.csv.gz",
  "jhu_deaths_US_sample.csv.gz",
  "UID_ISO_FIPS_LookUp_Table.csv.gz",
  "hospital-admissions-vintages.csv.gz",
  "time-series-asof-2025-12-31.parquet",
  "nssp-raw-asof-2025-12-31.parquet",
  "ATTRIBUTION.md",
];

const shared = needsSharedData(
  ...["time_series_covid19_confirmed_US.csv.gz", "time_series_covid19_deaths_US.csv.gz", "UID_ISO_FIPS_LookUp_Table.csv.gz"].map((f) => join(JHU_DIR, f)),
  join(JHU_DIR, "../covidhub"),
);

shared.describe("offline sample", () => {
  test("re-running the script reproduces the committed sample byte for byte", async () => {
    const dir = mkdtempSync(join(tmpdir(), "covid-mesh-sample-"));
    try {
      const infos = await makeSample(JHU_DIR, dir);
      expect(infos.map((i) => [i.rows, i.columns])).toEqual([
        [3340, 102],
        [3340, 103],
        [4316, 12],
      ]);
      expect(infos.current!.map((i) => [i.source, i.rows])).toEqual([
        ["covidhub-hosp-vintages", 81_318],
        ["covidhub-time-series", 251_306],
        ["nssp-ed-visits", 389_580],
      ]);
      // "A few MB at most": the whole folder as shipped.
      const total = SAMPLE_FILES.reduce((s, f) => s + readFileSync(join(SAMPLE_DIR, f)).length, 0);
      expect(total).toBeLessThan(4_000_000);
      for (const f of SAMPLE_FILES) expect(readFileSync(join(dir, f)).equals(readFileSync(join(SAMPLE_DIR, f)))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("the sample parses to the same values as the full file for 10/1/20 … 12/30/20", async () => {
    const sample = await runAdapter("jhu-us-cases", { file: join(SAMPLE_DIR, "jhu_confirmed_US_sample.csv.gz") });
    const full = await runAdapter("jhu-us-cases", { file: join(JHU_DIR, "time_series_covid19_confirmed_US.csv.gz") });
    expect(sample.quarantine).toEqual([]);
    expect(sample.columns.regionId.length).toBe(3340 * 91);
    expect(sample.regions).toEqual(full.regions);
    const at = (c: typeof full, id: number, day: number) => {
      for (let i = 0; i < c.columns.day.length; i++) if (c.columns.regionId[i] === id && c.columns.day[i] === day) return i;
      return -1;
    };
    for (const [id, date] of [
      [84036061, "2020-12-30"],
      [84006037, "2020-11-15"],
      [84017031, "2020-10-02"],
    ] as const) {
      const d = dayOfIso(date);
      expect(sample.columns.cumCases![at(sample, id, d)]).toBe(full.columns.cumCases![at(full, id, d)]);
      expect(sample.columns.newCases![at(sample, id, d)]).toBe(full.columns.newCases![at(full, id, d)]);
    }
    expect(Number.isNaN(sample.columns.newCases![at(sample, 84036061, dayOfIso("2020-10-01"))])).toBe(true);
  });
});
