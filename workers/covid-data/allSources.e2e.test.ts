// Every real file in shared/data that a source adapter reads, through the whole mesh (covid-data
// worker → JetStream → persistence pool) into a fresh Postgres database, checked against the files.
// Not ingested, on purpose: the JHU recovered series (no recovered metric in the schema; JHU
// stopped it in 2021), Opportunity Insights' City file and GeoIDs crosswalks (metro areas and
// lookups, not region-days of the registry), and the Forecast Hub's text description.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { parse } from "csv-parse/sync";
import { join } from "node:path";
import { submitIngest } from "../../cli/ingestClient.ts";
import { readCsvLines, SHARED_DATA } from "../../cli/testSupport.ts";
import { dayOfIso, type JobEvent } from "../../domain/mod.ts";
import { iso31662Uid } from "../../pipelines/mod.ts";
import { startIngestionSystem, type IngestionSystem } from "./testSupport.ts";
import { describeWithPostgres, RUN_HAS_POSTGRES } from "../../sql/testSupport.ts";
import { needsSharedData } from "../../testenv/sharedDataGate.ts";

const D = SHARED_DATA;
const file = (p: string) => join(D, p);
const GOOGLE_DIR = file("google_mobility/Region_Mobility_Report_CSVs");
const shared = needsSharedData(
  GOOGLE_DIR,
  ...[
    "UID_ISO_FIPS_LookUp_Table",
    "time_series_covid19_confirmed_US",
    "time_series_covid19_deaths_US",
    "time_series_covid19_confirmed_global",
    "time_series_covid19_deaths_global",
  ].map((f) => file(`jhu_csse/${f}.csv.gz`)),
  file("nyt/us-states.csv.gz"),
  file("ecdc/notification.csv.gz"),
  file("opportunity_insights/Google Mobility - State - Daily.csv.gz"),
  file("opportunity_insights/Google Mobility - National - Daily.csv.gz"),
  file("google_mobility/US_mobility_state_cleaned.csv.gz"),
);
const GOOGLE_FILES = (shared.present ? readdirSync(GOOGLE_DIR) : []).filter((f) => f.endsWith(".csv.gz")).map((f) => join(GOOGLE_DIR, f));

let system: IngestionSystem;
const events = new Map<string, JobEvent & { jobId: string }>();

async function ingest(key: string, source: string, path: string) {
  const job = await submitIngest(system.client, { source, file: path }, { timeoutMs: 170_000 });
  const ev = await job.done;
  events.set(key, { ...ev, jobId: job.job.jobId });
  return ev;
}

// Every real file at once (the full JHU US files alone are 2 × 1.1 million region-days) does not
// land within the setup timeout on PGlite: Postgres only, skipped (with the reason) on a run without it.
beforeAll(async () => {
  if (!RUN_HAS_POSTGRES || !shared.present) return;
  system = await startIngestionSystem();
  await ingest("lookup", "jhu-lookup", file("jhu_csse/UID_ISO_FIPS_LookUp_Table.csv.gz"));
  await Promise.all([
    ingest("jhu-us-cases", "jhu-us-cases", file("jhu_csse/time_series_covid19_confirmed_US.csv.gz")),
    ingest("jhu-us-deaths", "jhu-us-deaths", file("jhu_csse/time_series_covid19_deaths_US.csv.gz")),
    ingest("jhu-global-cases", "jhu-global-cases", file("jhu_csse/time_series_covid19_confirmed_global.csv.gz")),
    ingest("jhu-global-deaths", "jhu-global-deaths", file("jhu_csse/time_series_covid19_deaths_global.csv.gz")),
    ingest("nyt", "nyt-us-states", file("nyt/us-states.csv.gz")),
    ingest("ecdc", "ecdc-weekly", file("ecdc/notification.csv.gz")),
    ingest("oi-state", "oi-mobility-state", file("opportunity_insights/Google Mobility - State - Daily.csv.gz")),
    ingest("oi-national", "oi-mobility-state", file("opportunity_insights/Google Mobility - National - Daily.csv.gz")),
    ingest("google-us", "google-mobility", file("google_mobility/US_mobility_state_cleaned.csv.gz")),
    ...GOOGLE_FILES.map((f) => ingest(`google:${f}`, "google-mobility", f)),
  ]);
}, 180_000);

afterAll(async () => {
  await system?.stop();
});

(shared.present ? describeWithPostgres : shared.describe)("every real source file through the mesh into Postgres", () => {
  test("every job finished done; only known-bad rows were quarantined", () => {
    expect(events.size).toBe(10 + GOOGLE_FILES.length);
    for (const [key, ev] of events) {
      expect([key, ev.state, ev.error ?? null]).toEqual([key, "done", null]);
      const expectedRejected = key.startsWith("jhu-global") ? 1 : 0; // Canada's "Repatriated Travellers"
      expect([key, ev.counts!.rejected]).toEqual([key, expectedRejected]);
    }
  });

  test("JHU US counties: counties × days, values as in the files", async () => {
    const lines = readCsvLines(file("jhu_csse/time_series_covid19_confirmed_US.csv.gz"));
    expect(await system.storage.countObservations("jhu-us")).toBe((lines.length - 1) * 344);
    const la = lines.find((l) => l.startsWith("84006037,"))!.split(",");
    expect((await system.storage.getObservation(84006037, "jhu-us", dayOfIso("2020-12-30")))!.cumCases).toBe(Number(la[la.length - 1]));
  });

  test("JHU global: every matched row × 891 days, cases and deaths", async () => {
    expect(await system.storage.countObservations("jhu-global")).toBe(288 * 891);
    const de = readCsvLines(file("jhu_csse/time_series_covid19_deaths_global.csv.gz"))
      .find((l) => l.startsWith(",Germany,"))!
      .split(",");
    const obs = await system.storage.getObservation(276, "jhu-global", dayOfIso("2022-06-30"));
    expect(obs!.cumDeaths).toBe(Number(de[de.length - 1]));
    expect(obs!.cumCases).toBeGreaterThan(27_000_000);
    const q = await system.storage.listQuarantine(events.get("jhu-global-cases")!.jobId);
    expect(q.map((r) => [r.line, r.reason.split(":")[0]])).toEqual([[55, "unknown region"]]);
  });

  test("JHU and NYT figures for the same state and day are both stored, each under its source", async () => {
    const day = dayOfIso("2020-12-30");
    expect(await system.storage.countObservations("nyt-us")).toBe(47_046);
    expect(await system.storage.getObservation(84000036, "nyt-us", day)).toMatchObject({ cumCases: 963_647, cumDeaths: 37_412 });
    // JHU publishes New York by county: its state figure is the sum of the stored county rows.
    const nyCounties = new Set((await system.storage.listRegions()).filter((r) => r.parentId === 84000036).map((r) => r.id));
    const jhu = await system.storage.loadObservationSeries("jhu-us");
    let jhuSum = 0;
    for (let i = 0; i < jhu.regionId.length; i++) if (jhu.day[i] === day && nyCounties.has(jhu.regionId[i])) jhuSum += jhu.cumCases[i];
    const csvSum = readCsvLines(file("jhu_csse/time_series_covid19_confirmed_US.csv.gz"))
      .filter((l) => /,New York,US,/.test(l))
      .reduce((a, l) => a + Number(l.split(",").at(-1)), 0);
    expect(jhuSum).toBe(csvSum);
    expect(jhuSum).not.toBe(963_647); // two publishers, two figures, both kept
    expect(await system.storage.getObservation(84000036, "jhu-us", day)).toBeNull(); // JHU US has no state rows
  });

  test("ECDC: one region-day per country-week (cases and deaths), aggregates skipped and counted", async () => {
    const rows: string[][] = parse(gunzipSync(readFileSync(file("ecdc/notification.csv.gz"))), { bom: true, from_line: 2 });
    const countryWeeks = new Set(rows.filter((f) => f[1] !== "").map((f) => `${f[1]}|${f[6]}`));
    expect(await system.storage.countObservations("ecdc")).toBe(countryWeeks.size);
    expect(events.get("ecdc")!.counts!.skipped).toBe(612);
    expect(await system.storage.getObservation(276, "ecdc", dayOfIso("2020-12-20"))).toMatchObject({
      newCases: 173_574,
      cumCases: 1_510_652,
      newDeaths: 4_300,
      cumDeaths: 26_275,
    });
  });

  test("Opportunity Insights: states and the US, fractions stored as percentages", async () => {
    expect(await system.storage.countMobility("oi-mobility")).toBe(43_758 + 858);
    expect(await system.storage.getMobility(84000036, "oi-mobility", dayOfIso("2020-04-01"))).toMatchObject({
      retailAndRecreation: -55.9,
      residential: 23.4,
      awayFromHome: -28.7,
    });
  });

  test("Google: every row stored, skipped (with why) or rejected; values and regions as published", async () => {
    let accepted = 0;
    for (const [key, ev] of events) {
      if (!key.startsWith("google")) continue;
      const summary = (await system.storage.jobSummary(ev.jobId))!;
      expect([key, summary.accepted + summary.unchanged + summary.skipped + summary.rejected]).toEqual([key, summary.rowsRead! - 1]);
      accepted += summary.accepted;
    }
    expect(await system.storage.countMobility("google-mobility")).toBe(accepted);
    expect(accepted).toBeGreaterThan(500_000);
    const day = dayOfIso("2020-04-01");
    expect(await system.storage.getMobility(380, "google-mobility", day)).toMatchObject({ retailAndRecreation: -90, residential: 33, awayFromHome: null });
    expect(await system.storage.getMobility(iso31662Uid(380, "IT-25")!, "google-mobility", day)).toMatchObject({ workplaces: -75 });
    expect(await system.storage.getMobility(840, "google-mobility", dayOfIso("2020-02-15"))).toMatchObject({ parks: 15 });
    const lombardy = (await system.storage.listRegions()).find((r) => r.id === iso31662Uid(380, "IT-25"));
    expect(lombardy).toMatchObject({ name: "Lombardy", level: "state", parentId: 380 });
  });
});
