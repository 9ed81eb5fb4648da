// `current` in whole risk answers, with the real registry and boundaries (the bundled JHU
// sample) and a fake weekly store: Houston answers from Harris County, Los Angeles from
// California's state row; a point with no daily data still answers when `current` can.
import { describe, expect, test } from "bun:test";
import { answerRiskQuery } from "../answer.ts";
import { ServiceError } from "../../../domain/mod.ts";
import { buildSnapshot } from "../snapshot.ts";
import { fakeStorage, loadSample } from "../testSupport.ts";
import { ed, fakeWeeklyStore, hosp, weeksBack } from "./testSupport.ts";
import { loadWeeklyData } from "./weeklyData.ts";

const LAST = "2025-12-27";
const HOUSTON = { lat: 29.7604, lon: -95.3698, groupSize: 10 };
const LOS_ANGELES = { lat: 34.0522, lon: -118.2437, groupSize: 10 };
const sample = await loadSample();
const weekly = await loadWeeklyData(
  fakeWeeklyStore([
    ed(84048201, weeksBack(LAST, 1), 0.27, { level: "very-low" }),
    ed(84048201, LAST, 0.27, { level: "very-low", trend: "increasing" }),
    ed(84006037, LAST, null, { missingReason: "Data Unavailable" }),
    ed(84000006, LAST, 0.22, { level: "very-low", trend: "increasing" }),
    ed(84000048, LAST, 0.4),
    ed(840, LAST, 0.84),
    hosp(84000048, LAST, 268),
    hosp(84000006, LAST, 300),
  ]),
);

describe("risk answers with current indicators", () => {
  test("with daily data: the daily answer is unchanged and `current` comes from the weekly rows", async () => {
    const snapshot = await buildSnapshot(fakeStorage(sample.regions, { "jhu-us": sample.series }), ["jhu-us"]);
    const a = answerRiskQuery(snapshot, HOUSTON, 5, weekly);
    const without = answerRiskQuery(snapshot, HOUSTON, 5);
    expect({ ...a, current: null }).toEqual({ ...without, current: null });
    expect(without.current).toEqual({ edVisits: null, hospitalAdmissions: null });
    expect(a.current.edVisits).toMatchObject({
      regionId: 84048201,
      name: "Harris",
      fips: "48201",
      scope: "county",
      weekEnding: LAST,
      percentCovid: 0.27,
      level: "very-low",
      trend: "increasing",
      source: "nssp",
    });
    const texas = snapshot.regions.get(84000048)!;
    expect(a.current.hospitalAdmissions).toMatchObject({ regionId: 84000048, name: "Texas", weekly: 268, per100k: (268 / texas.population!) * 100_000, level: "low" });
  });

  test("with no daily data: Los Angeles answers from California's state row, the daily figures are null", async () => {
    const snapshot = await buildSnapshot(fakeStorage(sample.regions, {}), []);
    const a = answerRiskQuery(snapshot, LOS_ANGELES, 5, weekly);
    expect(a.region).toMatchObject({ id: 84006037, level: "county" });
    expect(a.current.edVisits).toMatchObject({ regionId: 84000006, scope: "state", fips: "06", percentCovid: 0.22 });
    expect(a.current.hospitalAdmissions).toMatchObject({ regionId: 84000006, weekly: 300 });
    expect(a.asOf).toBe(LAST);
    expect(a.metrics.caseDensity).toBeNull();
    expect(a.riskLevels.overall).toBe("unknown");
    expect(a.regions.map((r) => r.id)).toEqual([84006037, 84000006, 840]);
    // Nothing daily and nothing weekly: still the 503 of an empty system.
    expect(() => answerRiskQuery(snapshot, LOS_ANGELES, 5, null)).toThrow(ServiceError);
  });
});
