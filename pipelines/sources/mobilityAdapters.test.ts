import { expect, test } from "bun:test";
import { runAdapter, SHARED, valueAt } from "../testSupport.ts";
import { dayOfIso } from "../../domain/mod.ts";
import { iso31662Uid, SKIP_METRO, SKIP_NO_CODE } from "./googleRegions.ts";
import { needsSharedData } from "../../testenv/sharedDataGate.ts";

const REGION_CSV = (cc: string) => `${SHARED}/google_mobility/Region_Mobility_Report_CSVs/2020_${cc}_Region_Mobility_Report.csv.gz`;

const data = needsSharedData(
  `${SHARED}/google_mobility/Region_Mobility_Report_CSVs`,
  `${SHARED}/google_mobility/US_mobility_state_cleaned.csv.gz`,
  `${SHARED}/opportunity_insights`,
);

data.describe("google-mobility on real Region CSVs", async () => {
  const it = await runAdapter("google-mobility", { file: REGION_CSV("IT") });

  test("Italy: country, regions and provinces, matched to JHU where JHU has them, else by ISO 3166-2 code", () => {
    expect(it.quarantine).toEqual([]);
    expect(it.skipped).toEqual({});
    expect(it.mobility.regionId.length).toBe(44_701);
    const day = dayOfIso("2020-04-01");
    // IT,Italy,,,,,,2020-04-01,-90,-41,-77,-79,-70,33
    expect(valueAt(it.mobility, "retailAndRecreation", 380, day)).toBe(-90);
    expect(valueAt(it.mobility, "residential", 380, day)).toBe(33);
    // Abruzzo is a JHU province (38013); Lombardy is "Lombardia" at JHU, so it gets its ISO code's UID.
    expect(valueAt(it.mobility, "groceryAndPharmacy", 38013, day)).toBe(-39);
    const lombardy = iso31662Uid(380, "IT-25")!;
    expect(valueAt(it.mobility, "workplaces", lombardy, day)).toBe(-75);
    expect(it.regions.find((r) => r.id === lombardy)).toMatchObject({ name: "Lombardy", level: "state", parentId: 380, iso2: "IT" });
    const province = it.regions.find((r) => r.level === "county")!;
    expect(province.parentId).not.toBe(380); // parented to its region
    expect(it.mobility.awayFromHome).toBeUndefined();
  });

  test("metro areas and sub-regions without a code are skipped and counted, never quarantined", async () => {
    const af = await runAdapter("google-mobility", { file: REGION_CSV("AF") });
    expect(af.skipped[SKIP_METRO]).toBeGreaterThan(0);
    expect(af.quarantine).toEqual([]);
    const pr = await runAdapter("google-mobility", { file: REGION_CSV("PR") });
    expect(pr.skipped[SKIP_NO_CODE]).toBe(21_807);
    expect(new Set(pr.mobility.regionId)).toEqual(new Set([630])); // Puerto Rico as a whole, JHU's 630
  });

  test("ISO 3166-2 UIDs are distinct, above every JHU UID, and refuse codes they cannot hold", () => {
    expect(iso31662Uid(380, "IT-1")).not.toBe(iso31662Uid(380, "IT-01"));
    expect(iso31662Uid(380, "IT-25")).toBeGreaterThan(99_999_999);
    expect(iso31662Uid(999, "XX-ZZZ")).toBeLessThan(2 ** 31);
    expect(iso31662Uid(380, "IT-ABCD")).toBeNull();
    expect(iso31662Uid(380, "IT-a")).toBeNull();
  });
});

data.test("google-mobility on the derived US state file: empty state = the US", async () => {
  const us = await runAdapter("google-mobility", { file: `${SHARED}/google_mobility/US_mobility_state_cleaned.csv.gz` });
  expect(us.quarantine).toEqual([]);
  expect(us.mobility.regionId.length).toBe(18_928);
  expect(new Set(us.mobility.regionId).size).toBe(52);
  expect(valueAt(us.mobility, "parks", 840, dayOfIso("2020-02-15"))).toBe(15); // 0,2020-02-15,6.0,2.0,15.0,…
});

data.describe("oi-mobility-state on the real Opportunity Insights files", async () => {
  const oi = await runAdapter("oi-mobility-state", { file: `${SHARED}/opportunity_insights/Google Mobility - State - Daily.csv.gz` });

  test("fractions become percentages; '.' is not published", () => {
    expect(oi.quarantine).toEqual([]);
    expect(oi.mobility.regionId.length).toBe(43_758);
    // 2020,4,1,36,-.559,-.237,-.277,-.669,-.553,.234,-.287
    const day = dayOfIso("2020-04-01");
    expect(valueAt(oi.mobility, "retailAndRecreation", 84000036, day)).toBe(-55.9);
    expect(valueAt(oi.mobility, "residential", 84000036, day)).toBe(23.4);
    expect(valueAt(oi.mobility, "awayFromHome", 84000036, day)).toBe(-28.7);
    // 2020,8,15,16,.03,.144,.,… (Idaho parks)
    expect(Number.isNaN(valueAt(oi.mobility, "parks", 84000016, dayOfIso("2020-08-15"))!)).toBe(true);
  });

  test("the national file (no statefips) is stored under the US", async () => {
    const nat = await runAdapter("oi-mobility-state", { file: `${SHARED}/opportunity_insights/Google Mobility - National - Daily.csv.gz` });
    expect(new Set(nat.mobility.regionId)).toEqual(new Set([840]));
    expect(nat.mobility.regionId.length).toBe(858);
  });

  test("bad rows are quarantined", async () => {
    const header = "year,month,day,statefips,gps_retail_and_recreation,gps_grocery_and_pharmacy,gps_parks,gps_transit_stations,gps_workplaces,gps_residential,gps_away_from_home";
    const c = await runAdapter("oi-mobility-state", {
      text: `${[header, "2020,2,30,1,0,0,0,0,0,0,0", "2020,3,1,99,0,0,0,0,0,0,0", "2020,3,1,1,x,0,0,0,0,0,0", "2020,3,1,1,.1,0,0,0,0,0,0"].join("\n")}\n`,
    });
    expect(c.quarantine.map((q) => q.reason.split(":")[0])).toEqual(["bad date", "unknown region code", 'non-numeric value "x" for gps_retail_and_recreation']);
    expect(valueAt(c.mobility, "retailAndRecreation", 84000001, dayOfIso("2020-03-01"))).toBe(10);
  });
});

data.test("batches stay under the NATS payload limit whatever the number of value columns", async () => {
  const it = await runAdapter("google-mobility", { file: REGION_CSV("IT") }, 1_000_000);
  const batches = it.events.filter((e) => e.kind === "mobility");
  expect(batches.length).toBeGreaterThan(1);
  for (const b of batches) expect(b.kind === "mobility" && b.columns.regionId.length * (8 + 6 * 8)).toBeLessThan(1_000_000);
});
