// `current` from the real CDC files (shared/data/covidhub), parsed by the weekly adapters and
// served from an in-memory weekly store (storage itself is covered by the end-to-end test):
// Houston → Harris County's newest week, Los Angeles → California's state row, Texas
// admissions per 100k and level as computed here from the CSV and locations.csv.
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { parquetReadObjects } from "hyparquet";
import { COVIDHUB, HOSP_CSV, HOSP_VINTAGES, NSSP, runWeeklyAdapter, TIME_SERIES } from "../../../pipelines/weeklyTestSupport.ts";
import { answerRiskQuery } from "../answer.ts";
import { dayOfIso } from "../../../domain/mod.ts";
import { buildSnapshot } from "../snapshot.ts";
import { fakeStorage, loadSample } from "../testSupport.ts";
import { admissionLevel } from "./admissionLevel.ts";
import { HUB_LOCATION_POPULATIONS } from "./hubPopulations.ts";
import { weeklyStoreOf } from "./testSupport.ts";
import { loadWeeklyAsOf, loadWeeklyData } from "./weeklyData.ts";
import { needsSharedData } from "../../../testenv/sharedDataGate.ts";

const HOUSTON = { lat: 29.7604, lon: -95.3698, groupSize: 10 };
const LOS_ANGELES = { lat: 34.0522, lon: -118.2437, groupSize: 10 };
const PUBLISHED = dayOfIso("2025-12-31");

/** Texas' newest week in the hub CSV, and its population in locations.csv, read here directly. */
function texasFromFiles() {
  const rows = readFileSync(HOSP_CSV, "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(","));
  const tx = rows
    .filter((r) => r[0] === "TX")
    .sort((a, b) => a[1].localeCompare(b[1]))
    .at(-1)!;
  const loc = readFileSync(`${COVIDHUB}/locations.csv`, "utf8")
    .split("\n")
    .find((l) => l.startsWith("TX,"))!
    .split(",");
  return { week: tx[1], weekly: Number(tx[2]), population: Number(loc[3]) };
}

/** The newest week with a value of one NSSP fips, read here directly from the parquet file. */
interface NsspRow {
  week: string;
  percent_visits_covid: number | null;
  covid_threshold_classification: string;
  ed_trends_covid: string;
}

let nsspFile: Promise<Array<Record<string, unknown>>> | null = null;

async function nsspNewest(fips: string): Promise<{ withValue: NsspRow | undefined; all: NsspRow[] }> {
  nsspFile ??= (async () => {
    const buf = readFileSync(NSSP);
    const columns = ["week_end", "fips", "percent_visits_covid", "covid_threshold_classification", "ed_trends_covid"];
    return (await parquetReadObjects({ file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength), columns })) as Array<Record<string, unknown>>;
  })();
  const rows = await nsspFile;
  const mine = rows
    .filter((r) => r.fips === fips)
    .map((r) => ({ ...r, week: (r.week_end as Date).toISOString().slice(0, 10) }) as unknown as NsspRow)
    .sort((a, b) => a.week.localeCompare(b.week));
  return { withValue: mine.filter((r) => r.percent_visits_covid !== null).at(-1), all: mine };
}

const shared = needsSharedData(NSSP, HOSP_CSV, HOSP_VINTAGES, TIME_SERIES, `${COVIDHUB}/locations.csv`);

// The files are parsed in the group's body, which runs only when they are present.
shared.describe("current from the real CDC files", async () => {
  const [nssp, hospital, vintages, timeSeries, sample] = await Promise.all([
    runWeeklyAdapter("nssp-ed-visits", { file: NSSP }),
    runWeeklyAdapter("covidhub-hosp", { file: HOSP_CSV }, { publishedDay: PUBLISHED }),
    runWeeklyAdapter("covidhub-hosp-vintages", { file: HOSP_VINTAGES }),
    runWeeklyAdapter("covidhub-time-series", { file: TIME_SERIES }),
    loadSample(),
  ]);
  const store = weeklyStoreOf([
    { source: "nssp-ed-visits", columns: nssp.byMetric["ed-visits-pct"]! },
    { source: "covidhub-hosp", columns: hospital.byMetric["hosp-admissions"]! },
    { source: "covidhub-hosp", columns: vintages.byMetric["hosp-admissions"]! },
    ...Object.values(timeSeries.byMetric).map((columns) => ({ source: "covidhub-time-series", columns: columns! })),
  ]);
  const weekly = await loadWeeklyData(store);
  // The registry and boundaries only: no daily data, as on a system that ingested just these files.
  const snapshot = await buildSnapshot(fakeStorage(sample.regions, {}), []);

  test("Houston answers edVisits from Harris County (48201) for the newest week", async () => {
    const harris = (await nsspNewest("48201")).withValue!;
    const a = answerRiskQuery(snapshot, HOUSTON, 5, weekly);
    expect(a.current.edVisits).toEqual({
      regionId: 84048201,
      name: "Harris",
      fips: "48201",
      scope: "county",
      weekEnding: harris.week,
      percentCovid: harris.percent_visits_covid as number,
      level: (harris.covid_threshold_classification as string).toLowerCase().replace(" ", "-") as never,
      trend: (harris.ed_trends_covid as string).toLowerCase().replace(" ", "-") as never,
      source: "nssp",
    });
    expect(harris.week).toBe("2025-12-27"); // NSSP's newest week in the file
  }, 30_000);

  test("Los Angeles answers from California's state row (06000): its county rows say Data Unavailable", async () => {
    const county = await nsspNewest("06037");
    expect(county.all.length).toBeGreaterThan(0);
    expect(county.withValue).toBeUndefined();
    expect(county.all.every((r) => r.covid_threshold_classification === "Data Unavailable")).toBe(true);
    const state = (await nsspNewest("06000")).withValue!;
    const a = answerRiskQuery(snapshot, LOS_ANGELES, 5, weekly);
    expect(a.region.id).toBe(84006037);
    expect(a.current.edVisits).toMatchObject({
      regionId: 84000006,
      name: "California",
      fips: "06",
      scope: "state",
      weekEnding: state.week,
      percentCovid: state.percent_visits_covid as number,
    });
  }, 30_000);

  test("Texas admissions per 100k and their level match the file and locations.csv", () => {
    const tx = texasFromFiles();
    const per100k = (tx.weekly / tx.population) * 100_000;
    const a = answerRiskQuery(snapshot, HOUSTON, 5, weekly);
    expect(a.current.hospitalAdmissions).toMatchObject({
      regionId: 84000048,
      name: "Texas",
      weekEnding: tx.week,
      weekly: tx.weekly,
      level: admissionLevel(per100k),
      source: "nhsn",
    });
    expect(a.current.hospitalAdmissions!.per100k).toBeCloseTo(per100k, 10);
    expect(tx).toMatchObject({ week: "2025-12-27", weekly: 268, population: 28995881 });
    expect(a.current.hospitalAdmissions!.level).toBe("low"); // 0.92 per 100k
  }, 30_000);

  test("the bundled hub populations are locations.csv's", () => {
    const rows = readFileSync(`${COVIDHUB}/locations.csv`, "utf8")
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((l) => l.split(","));
    expect(HUB_LOCATION_POPULATIONS.map(([location, population]) => [location, population])).toEqual(rows.map((r) => [r[1], Number(r[3])]));
  });

  test("date= in the past answers from the vintage published by then", async () => {
    // Reference Saturday 2025-06-14: the newest vintage by then is 2025-06-11's.
    const day = dayOfIso("2025-06-14");
    const then = answerRiskQuery(snapshot, { ...HOUSTON, date: "2025-06-14" }, 5, await loadWeeklyAsOf(store, weekly, day));
    const v = vintages.byMetric["hosp-admissions"]!;
    let best = -1;
    for (let i = 0; i < v.regionId.length; i++) {
      if (v.regionId[i] !== 84000048 || v.asOf[i] > day || v.weekEnd[i] > day) continue;
      if (best < 0 || v.weekEnd[i] > v.weekEnd[best] || (v.weekEnd[i] === v.weekEnd[best] && v.asOf[i] > v.asOf[best])) best = i;
    }
    expect(then.current.hospitalAdmissions).toMatchObject({ weekEnding: new Date(v.weekEnd[best] * 86_400_000).toISOString().slice(0, 10), weekly: v.value[best] });
    expect(then.current.edVisits).toMatchObject({ regionId: 84048201, scope: "county" });
    expect(then.current.edVisits!.weekEnding <= "2025-06-14").toBe(true);
  }, 30_000);
});
