// Which weekly rows answer `current`: county → state → nation for ED visits, the point's state
// for admissions, 21-day freshness, CDC admission levels, and data as known on a past date.
import { describe, expect, test } from "bun:test";
import type { RegionRecord } from "../../../sql/mod.ts";
import { dayOfIso } from "../../../domain/mod.ts";
import { admissionLevel } from "./admissionLevel.ts";
import { currentIndicators, type PointRegions } from "./selectCurrent.ts";
import { ed, fakeWeeklyStore, hosp, weeksBack } from "./testSupport.ts";
import { loadWeeklyAsOf, loadWeeklyData, probeSinglePublications } from "./weeklyData.ts";

const region = (id: number, name: string, level: RegionRecord["level"], fips: string | null, population: number | null, parentId: number | null = null): RegionRecord => ({
  id,
  name,
  level,
  parentId,
  fips,
  iso2: "US",
  iso3: "USA",
  lat: null,
  lon: null,
  population,
});
const US = region(840, "US", "country", null, 329466283);
const TEXAS = region(84000048, "Texas", "state", "48", 28995881, 840);
const HARRIS = region(84048201, "Harris", "county", "48201", 4713325, 84000048);
const CALIFORNIA = region(84000006, "California", "state", "06", 39512223, 840);
const LOS_ANGELES = region(84006037, "Los Angeles", "county", "06037", 10039107, 84000006);
const houston: PointRegions = { county: HARRIS, state: TEXAS, nation: US };
const losAngeles: PointRegions = { county: LOS_ANGELES, state: CALIFORNIA, nation: US };
const LAST = "2025-12-27";

describe("current.edVisits", () => {
  test("the county's row when it has a value: its newest week, CDC level and trend", async () => {
    const store = fakeWeeklyStore([
      ed(HARRIS.id, weeksBack(LAST, 1), 0.27, { level: "very-low", trend: "increasing" }),
      ed(HARRIS.id, LAST, 0.31, { level: "low", trend: "no-change" }),
      ed(TEXAS.id, LAST, 0.5),
      ed(US.id, LAST, 0.84),
    ]);
    const c = currentIndicators(await loadWeeklyData(store), houston, null);
    expect(c.edVisits).toEqual({
      regionId: HARRIS.id,
      name: "Harris",
      fips: "48201",
      scope: "county",
      weekEnding: LAST,
      percentCovid: 0.31,
      level: "low",
      trend: "no-change",
      source: "nssp",
    });
  });

  test("a county that says Data Unavailable every week answers from its state's row", async () => {
    const store = fakeWeeklyStore([
      ...[0, 1, 2].map((n) => ed(LOS_ANGELES.id, weeksBack(LAST, n), null, { missingReason: "Data Unavailable" })),
      ed(CALIFORNIA.id, LAST, 0.22, { level: "very-low", trend: "increasing" }),
      ed(US.id, LAST, 0.84),
    ]);
    const c = currentIndicators(await loadWeeklyData(store), losAngeles, null);
    expect(c.edVisits).toMatchObject({ regionId: CALIFORNIA.id, scope: "state", fips: "06", percentCovid: 0.22, level: "very-low", weekEnding: LAST });
  });

  test("neither county nor state: the national row, with no fips", async () => {
    const store = fakeWeeklyStore([ed(LOS_ANGELES.id, LAST, null), ed(US.id, LAST, 0.84, { level: "low", trend: "increasing" })]);
    const c = currentIndicators(await loadWeeklyData(store), losAngeles, null);
    expect(c.edVisits).toMatchObject({ regionId: 840, scope: "nation", fips: null, percentCovid: 0.84 });
  });

  test("fresh = within 21 days of the source's newest week: an older county value gives way to the state", async () => {
    const store = fakeWeeklyStore([
      ed(HARRIS.id, weeksBack(LAST, 3), 0.4), // 21 days before the newest week: still fresh
      ed(TEXAS.id, LAST, 0.5),
    ]);
    const data = await loadWeeklyData(store);
    expect(currentIndicators(data, houston, null).edVisits).toMatchObject({ scope: "county", weekEnding: weeksBack(LAST, 3) });
    const older = await loadWeeklyData(fakeWeeklyStore([ed(HARRIS.id, weeksBack(LAST, 4), 0.4), ed(TEXAS.id, LAST, 0.5)]));
    expect(currentIndicators(older, houston, null).edVisits).toMatchObject({ scope: "state", percentCovid: 0.5 });
    // Nothing fresh anywhere around the point: null (the newest week belongs to another state).
    const stale = await loadWeeklyData(fakeWeeklyStore([ed(HARRIS.id, weeksBack(LAST, 4), 0.4), ed(CALIFORNIA.id, LAST, 0.2)]));
    expect(currentIndicators(stale, houston, null).edVisits).toBeNull();
  });

  test("level and trend are null when NSSP gives none (Limited Data, Sparse)", async () => {
    const store = fakeWeeklyStore([ed(HARRIS.id, LAST, 0.3, { level: null, trend: null })]);
    expect(currentIndicators(await loadWeeklyData(store), houston, null).edVisits).toMatchObject({ level: null, trend: null, percentCovid: 0.3 });
  });

  test("a point outside the US (no NSSP rows) and no data at all both give null", async () => {
    const toronto: PointRegions = { county: null, state: region(12435, "Ontario", "state", null, 14e6), nation: region(124, "Canada", "country", null, 37e6) };
    const data = await loadWeeklyData(fakeWeeklyStore([ed(US.id, LAST, 0.84), hosp(TEXAS.id, LAST, 268)]));
    expect(currentIndicators(data, toronto, null)).toEqual({ edVisits: null, hospitalAdmissions: null });
    expect(currentIndicators(null, houston, null)).toEqual({ edVisits: null, hospitalAdmissions: null });
  });
});

describe("current.hospitalAdmissions", () => {
  test("the point's state: weekly, per 100k of its population, and the CDC level", async () => {
    const store = fakeWeeklyStore([hosp(TEXAS.id, weeksBack(LAST, 1), 197), hosp(TEXAS.id, LAST, 268), hosp(CALIFORNIA.id, LAST, 500)]);
    const c = currentIndicators(await loadWeeklyData(store), houston, null);
    expect(c.hospitalAdmissions).toEqual({
      regionId: TEXAS.id,
      name: "Texas",
      weekEnding: LAST,
      weekly: 268,
      per100k: (268 / 28995881) * 100_000,
      level: "low",
      source: "nhsn",
      dataset: "covidhub-hosp",
    });
  });

  test("CDC thresholds: low < 10, medium 10–19.9, high ≥ 20 per 100k", () => {
    expect([0, 9.99, 10, 19.99, 20, 35, null, NaN].map((v) => admissionLevel(v))).toEqual(["low", "low", "medium", "medium", "high", "high", null, null]);
  });

  test("the level follows per 100k computed from the state's population", async () => {
    // 20 per 100k of Texas = 5,799.18 admissions.
    const at = (weekly: number) => loadWeeklyData(fakeWeeklyStore([hosp(TEXAS.id, LAST, weekly)])).then((d) => currentIndicators(d, houston, null).hospitalAdmissions);
    expect((await at(5799))!.level).toBe("medium");
    expect((await at(5800))!.level).toBe("high");
    expect((await at(2899))!.level).toBe("low");
    expect((await at(2900))!.level).toBe("medium");
    // A state the hub does not list, with no registry population: no rate, no level.
    const nowhere = region(84000099, "Nowhere", "state", "99", null, 840);
    const unknownPopulation = await loadWeeklyData(fakeWeeklyStore([hosp(nowhere.id, LAST, 100)]));
    expect(currentIndicators(unknownPopulation, { ...houston, state: nowhere }, null).hospitalAdmissions).toMatchObject({ per100k: null, level: null, weekly: 100 });
  });

  test("per 100k of the hub's population of the state, which the counts cover (Missouri with Kansas City)", async () => {
    // The JHU registry's Missouri leaves out Kansas City (reported apart): 6,137,428 people.
    const missouri = region(84000029, "Missouri", "state", "29", 6137428, 840);
    const data = await loadWeeklyData(fakeWeeklyStore([hosp(missouri.id, LAST, 1300)]));
    const a = currentIndicators(data, { county: null, state: missouri, nation: US }, null).hospitalAdmissions!;
    expect(a.per100k).toBeCloseTo((1300 / 6626371) * 100_000, 12); // 19.6: medium
    expect(a.level).toBe("medium"); // with the registry's population it would be 21.2: high
  });

  test("the series whose newest week is newest answers; the other fills in for a state it lacks", async () => {
    const ts = { source: "covidhub-time-series" };
    const store = fakeWeeklyStore([hosp(TEXAS.id, weeksBack(LAST, 1), 200), hosp(CALIFORNIA.id, weeksBack(LAST, 1), 400), hosp(TEXAS.id, LAST, 268, ts)]);
    const data = await loadWeeklyData(store);
    expect(currentIndicators(data, houston, null).hospitalAdmissions).toMatchObject({ dataset: "covidhub-time-series", weekly: 268, weekEnding: LAST });
    expect(currentIndicators(data, losAngeles, null).hospitalAdmissions).toMatchObject({ dataset: "covidhub-hosp", weekly: 400 });
  });

  test("no state around the point: null", async () => {
    const data = await loadWeeklyData(fakeWeeklyStore([hosp(TEXAS.id, LAST, 268), hosp(US.id, LAST, 7016)]));
    expect(currentIndicators(data, { county: null, state: null, nation: US }, null).hospitalAdmissions).toBeNull();
  });
});

describe("current as of a past date", () => {
  const rows = [
    // First published 2025-11-19 at 150, revised up to 180 on 2025-11-26.
    hosp(TEXAS.id, "2025-11-15", 150, { asOf: "2025-11-19" }),
    hosp(TEXAS.id, "2025-11-15", 180, { asOf: "2025-11-26" }),
    hosp(TEXAS.id, "2025-11-22", 190, { asOf: "2025-11-26" }),
    hosp(TEXAS.id, LAST, 268, { asOf: "2025-12-31" }),
    // NSSP ingested once (asOf 2025-12-31), no vintages: history answers from that publication.
    ed(HARRIS.id, "2025-11-15", 0.6),
    ed(HARRIS.id, LAST, 0.27),
  ];

  test("answers from the version known on the date, weeks ending by then, fresh relative to the date", async () => {
    const store = fakeWeeklyStore(rows);
    const latest = await loadWeeklyData(store);
    const on = async (iso: string) => currentIndicators(await loadWeeklyAsOf(store, latest, dayOfIso(iso)), houston, dayOfIso(iso));
    expect((await on("2025-11-20")).hospitalAdmissions).toMatchObject({ weekEnding: "2025-11-15", weekly: 150 });
    expect((await on("2025-11-20")).edVisits).toMatchObject({ weekEnding: "2025-11-15", percentCovid: 0.6 });
    expect((await on("2025-11-27")).hospitalAdmissions).toMatchObject({ weekEnding: "2025-11-22", weekly: 190 });
    // 2025-12-20: the newest week known (11-22) ended 28 days before: not fresh.
    expect(await on("2025-12-20")).toEqual({ edVisits: null, hospitalAdmissions: null });
    // Before anything was observed.
    expect(await on("2025-10-01")).toEqual({ edVisits: null, hospitalAdmissions: null });
    // The date is asked of storage only where something was published after it.
    expect(store.loads.filter((l) => l.asOf).map((l) => [l.source, l.asOf])).toContainEqual(["covidhub-hosp", "2025-11-20"]);
  });

  test("a source with nothing published by a day is not asked again for an earlier day", async () => {
    const store = fakeWeeklyStore(rows);
    const latest = await loadWeeklyData(store);
    const nothingBy = new Map<string, number>();
    for (const d of ["2025-11-20", "2025-11-10", "2025-11-27"]) await loadWeeklyAsOf(store, latest, dayOfIso(d), undefined, nothingBy);
    const asked = store.loads.filter((l) => l.asOf).map((l) => `${l.source} ${l.asOf}`);
    // NSSP (published 2025-12-31 only): asked for 11-20, known empty for 11-10, asked again for the later 11-27.
    expect(asked.filter((a) => a.startsWith("nssp-ed-visits"))).toEqual(["nssp-ed-visits 2025-11-20", "nssp-ed-visits 2025-11-27"]);
    expect(asked.filter((a) => a.startsWith("covidhub-hosp"))).toEqual(["covidhub-hosp 2025-11-20", "covidhub-hosp 2025-11-10", "covidhub-hosp 2025-11-27"]);
  });

  test("a source stored as one publication is probed once: past days before it never ask storage", async () => {
    const store = fakeWeeklyStore(rows);
    const latest = await loadWeeklyData(store);
    const nothingBy = new Map<string, number>();
    await probeSinglePublications(store, latest, nothingBy);
    // NSSP: all rows of 2025-12-31, nothing before → recorded; admissions have vintages → not probed.
    expect([...nothingBy]).toEqual([["nssp-ed-visits|ed-visits-pct", dayOfIso("2025-12-30")]]);
    expect(store.loads.filter((l) => l.asOf).map((l) => l.source)).toEqual(["nssp-ed-visits"]);
    const data = await loadWeeklyAsOf(store, latest, dayOfIso("2025-11-20"), undefined, nothingBy);
    // Only the vintaged admissions are asked for 11-20 (the empty time-series source never is).
    expect(store.loads.filter((l) => l.asOf).map((l) => l.source)).toEqual(["nssp-ed-visits", "covidhub-hosp"]);
    expect(currentIndicators(data, houston, dayOfIso("2025-11-20")).edVisits).toMatchObject({ weekEnding: "2025-11-15", percentCovid: 0.6 });
  });

  test("a source with vintages answers strictly from them: a week first published after the date is not seen", async () => {
    const store = fakeWeeklyStore(rows);
    const latest = await loadWeeklyData(store);
    const data = await loadWeeklyAsOf(store, latest, dayOfIso("2025-11-24"));
    const tx = data.hosp[0];
    const r = tx.rows.get(TEXAS.id)!;
    expect(Array.from(tx.series.weekEnd.subarray(r.start, r.end))).toEqual([dayOfIso("2025-11-15")]);
    expect(Array.from(tx.series.value.subarray(r.start, r.end))).toEqual([150]);
    // NSSP (one publication, after the date): its weeks up to the date stand in.
    const h = data.ed.rows.get(HARRIS.id)!;
    expect(Array.from(data.ed.series.weekEnd.subarray(h.start, h.end))).toEqual([dayOfIso("2025-11-15")]);
  });
});
