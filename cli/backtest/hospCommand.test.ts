// covid-mesh backtest --source covidhub-hosp on a short real range of the hub's files.
import { expect, test } from "bun:test";
import { join } from "node:path";
import { backtestCommand } from "../commands/backtest.ts";
import { BacktestUsageError } from "./errors.ts";
import { covidMeshForecasts, versionsVisibleAt, type HospChoiceRow } from "./hospRun.ts";
import { readVintages } from "./readVintages.ts";
import { dayFromIso } from "../../models/forecast/mod.ts";
import { SHARED_DATA } from "../../testenv/sharedData.ts";
import { needsSharedData } from "../../testenv/sharedDataGate.ts";

/** Real files, several models: generous on a loaded 2-core machine. */
const SLOW = 120_000;
const DATA = SHARED_DATA;
const HUB = join(DATA, "covidhub");
const VINTAGES = join(HUB, "hospital-admissions-vintages.csv.gz");
const peer = (m: string) => join(HUB, "forecasts", `${m}.csv.gz`);

async function run(args: string[]) {
  const out: string[] = [];
  const code = await backtestCommand(args, { out: (l) => out.push(...l.split("\n")), err: () => {} });
  return { code, out };
}

const shared = needsSharedData(VINTAGES, join(HUB, "time-series-asof-2025-12-31.parquet"), join(HUB, "forecasts"));

shared.describe("backtest --source covidhub-hosp", () => {
  test(
    "three Saturdays with two peers: the table, then --json rows per model and horizon 0–3",
    async () => {
      const { code, out } = await run([
        "--source",
        "covidhub-hosp",
        "--vintages",
        VINTAGES,
        "--from",
        "2025-06-01",
        "--to",
        "2025-06-21",
        "--peer",
        peer("CovidHub-baseline"),
        "--peer",
        peer("UMass-ar6_pooled"),
        "--json",
      ]);
      expect(code).toBe(0);
      expect(out[0]).toMatch(/^\| model +\| target +\| horizon +\| +WIS \| rel WIS \|/);
      expect(out.some((l) => l.includes("3 reference dates (Saturdays 2025-06-07 … 2025-06-21)"))).toBe(true);
      const rows = JSON.parse(out.at(-1)!);
      expect(rows).toHaveLength(3 * 4);
      for (const r of rows) {
        expect(Object.keys(r)).toEqual(["model", "target", "horizon", "wis", "relativeWis", "mae", "coverage50", "coverage95", "n"]);
        expect(r.target).toBe("wk inc covid hosp");
        expect([0, 1, 2, 3]).toContain(r.horizon);
        // 52 locations (states, DC, PR; no US) × 3 dates, all forecast by the three models.
        expect(r.n).toBe(52 * 3);
        if (r.model === "CovidHub-baseline") expect(r.relativeWis).toBe(1);
        expect(r.relativeWis).toBeCloseTo(r.wis / rows.find((b: { model: string; horizon: number }) => b.model === "CovidHub-baseline" && b.horizon === r.horizon).wis, 12);
      }
      expect(new Set(rows.map((r: { model: string }) => r.model))).toEqual(new Set(["covid-mesh", "CovidHub-baseline", "UMass-ar6_pooled"]));
    },
    SLOW,
  );

  test(
    "without a baseline peer, our own flat baseline is the reference",
    async () => {
      const { code, out } = await run(["--source", "covidhub-hosp", "--vintages", VINTAGES, "--from", "2025-06-07", "--to", "2025-06-07", "--json"]);
      expect(code).toBe(0);
      expect(out.some((l) => l.includes("baseline computed"))).toBe(true);
      const rows = JSON.parse(out.at(-1)!);
      expect(rows.filter((r: { model: string }) => r.model === "CovidHub-baseline").every((r: { relativeWis: number; n: number }) => r.relativeWis === 1 && r.n === 52)).toBe(true);
    },
    SLOW,
  );

  test(
    "the model sees only publications with as_of ≤ R − 3: later ones do not change its forecasts",
    async () => {
      const { versions } = await readVintages(VINTAGES);
      const R = dayFromIso("2025-06-21");
      const visible = versionsVisibleAt(versions, R);
      expect(Math.max(...visible.asOf)).toBe(dayFromIso("2025-06-18"));
      const all = covidMeshForecasts(versions, [R]);
      const onlyVisible = covidMeshForecasts(visible, [R]);
      expect(all.size).toBe(53 * 5);
      for (const [k, q] of all) expect(Array.from(q)).toEqual(Array.from(onlyVisible.get(k)!));
    },
    SLOW,
  );

  test(
    "deterministic on real data: two runs give bit-identical quantiles",
    async () => {
      const { versions } = await readVintages(VINTAGES);
      const days = [dayFromIso("2025-08-02"), dayFromIso("2025-12-06")];
      const a = covidMeshForecasts(versions, days);
      const b = covidMeshForecasts(versions, days);
      expect(a.size).toBe(2 * 53 * 5);
      for (const [k, q] of a) expect(Array.from(b.get(k)!)).toEqual(Array.from(q));
    },
    SLOW,
  );

  test(
    "usage errors",
    async () => {
      await expect(run(["--source", "covidhub-hosp", "--from", "2025-06-01", "--to", "2025-06-21"])).rejects.toThrow(BacktestUsageError);
      await expect(run(["--source", "covidhub-hosp", "--vintages", VINTAGES, "--from", "2025-06-01", "--to", "2025-06-05"])).rejects.toThrow(/no Saturday/);
    },
    SLOW,
  );
});

shared.describe("ED visits in the backtest", () => {
  test(
    "ED versions published after R − 3 are never used: none exist before 2025-06-18, so R = 2025-06-14 is forecast as without ED",
    async () => {
      const { readEdVintages } = await import("./readEdVintages.ts");
      const { versions } = await readVintages(VINTAGES);
      const ed = await readEdVintages(join(HUB, "time-series-asof-2025-12-31.parquet"));
      expect(Math.min(...ed.asOf)).toBe(dayFromIso("2025-06-18"));
      const before = dayFromIso("2025-06-14");
      const withEd = covidMeshForecasts(versions, [before], undefined, ed);
      const without = covidMeshForecasts(versions, [before]);
      for (const [k, q] of without) expect(Array.from(withEd.get(k)!)).toEqual(Array.from(q));
      // One week later the 2025-06-18 version is visible and the VAR members change the forecasts.
      const after = dayFromIso("2025-06-21");
      const a = covidMeshForecasts(versions, [after], undefined, ed);
      const b = covidMeshForecasts(versions, [after]);
      expect([...a].some(([k, q]) => q[11] !== b.get(k)![11])).toBe(true);
    },
    SLOW,
  );
});

shared.describe("online selection on real data", () => {
  test(
    "R = 2025-09-06 with ED: dropping everything published after R − 3 changes neither forecasts nor the online choice",
    async () => {
      const { readEdVintages } = await import("./readEdVintages.ts");
      const { versions } = await readVintages(VINTAGES);
      const ed = await readEdVintages(join(HUB, "time-series-asof-2025-12-31.parquet"));
      const R = dayFromIso("2025-09-06");
      const choicesAll: HospChoiceRow[] = [];
      const choicesVisible: HospChoiceRow[] = [];
      const all = covidMeshForecasts(versions, [R], undefined, ed, choicesAll);
      const visible = covidMeshForecasts(versionsVisibleAt(versions, R), [R], undefined, versionsVisibleAt(ed, R), choicesVisible);
      expect(all.size).toBe(53 * 5);
      for (const [k, q] of all) expect(Array.from(q)).toEqual(Array.from(visible.get(k)!));
      expect(choicesVisible).toEqual(choicesAll);
      // By then there is enough history for a scored choice among all five candidates.
      expect(Object.values(choicesAll[0].loss).every(Number.isFinite)).toBe(true);
    },
    SLOW,
  );
});
