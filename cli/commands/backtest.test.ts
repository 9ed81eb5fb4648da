// covid-mesh backtest on small real subsets of the shared files (a few Mondays), with no system.
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { aggregateToLevel } from "../backtest/aggregate.ts";
import { BacktestUsageError } from "../backtest/errors.ts";
import type { SourceData } from "../backtest/readSources.ts";
import { backtestCommand } from "./backtest.ts";
import type { RegionRecord } from "../../sql/mod.ts";
import { SHARED_DATA } from "../../testenv/sharedData.ts";
import { needsSharedData } from "../../testenv/sharedDataGate.ts";

const DATA = SHARED_DATA;
const NYT = join(DATA, "nyt/us-states.csv.gz");
const ROOT = join(import.meta.dir, "../..");

async function run(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await backtestCommand(args, { out: (l) => out.push(...l.split("\n")), err: (l) => err.push(l) });
  return { code, out, err };
}

const shared = needsSharedData(NYT);

shared.describe("backtest over NYT states, 3 Mondays of March 2022", () => {
  test("prints the table, then (with --json) one row per model, target and horizon", async () => {
    const { code, out } = await run(["--source", "nyt-us-states", "--file", NYT, "--from", "2022-03-06", "--to", "2022-03-21", "--json"]);
    expect(code).toBe(0);
    expect(out[0]).toMatch(/^\| model +\| target +\| horizon +\| +WIS \| rel WIS \|/);
    expect(out.some((l) => l.includes("56 locations × 3 forecast dates"))).toBe(true);
    const rows = JSON.parse(out.at(-1)!);
    expect(rows).toHaveLength(2 * 2 * 4);
    for (const r of rows) {
      expect(Object.keys(r)).toEqual(["model", "target", "horizon", "wis", "relativeWis", "mae", "coverage50", "coverage95", "n"]);
      expect(["inc case", "inc death"]).toContain(r.target);
      // 56 jurisdictions × 3 dates, all with truth inside the file.
      expect(r.n).toBe(56 * 3);
      if (r.model === "COVIDhub-baseline") expect(r.relativeWis).toBe(1);
      expect(r.coverage95).toBeGreaterThanOrEqual(r.coverage50);
    }
    expect(new Set(rows.map((r: { model: string }) => r.model))).toEqual(new Set(["COVIDhub-baseline", "covid-mesh"]));
  });

  test("through the CLI entry point: exit 0 and the JSON array on the last line", async () => {
    const proc = Bun.spawn(
      [
        process.execPath,
        join(ROOT, "cli/main.ts"),
        "backtest",
        "--source",
        "nyt-us-states",
        "--file",
        NYT,
        "--from",
        "2022-05-02",
        "--to",
        "2022-05-02",
        "--level",
        "state",
        "--json",
      ],
      { stdout: "pipe", stderr: "pipe" },
    );
    const text = await new Response(proc.stdout).text();
    expect(await proc.exited).toBe(0);
    const last = text.trim().split("\n").at(-1)!;
    expect(JSON.parse(last)).toHaveLength(16);
  }, 60_000);
});

shared.describe("--select-from: parameters picked before the window", () => {
  test("prints the choice per target with the dates that made it; the window is scored with it", async () => {
    const { code, out } = await run(["--source", "nyt-us-states", "--file", NYT, "--from", "2022-03-07", "--to", "2022-03-07", "--select-from", "2022-02-14", "--json"]);
    expect(code).toBe(0);
    for (const target of ["inc case", "inc death"]) {
      const line = out.find((l) => l.startsWith(`covid-mesh ${target} parameters:`));
      expect(line).toBeDefined();
      // Mondays 2022-02-14 … 2022-02-28; truth (target_end_date) only before 2022-03-07.
      expect(line).toContain("selected on forecast dates 2022-02-14 … 2022-02-28 with truth before 2022-03-07");
      expect(line).toMatch(/spreadScale=[0-9.]+/);
    }
    const rows = JSON.parse(out.at(-1)!);
    expect(rows).toHaveLength(16);
    for (const r of rows) expect(r.n).toBe(56);
  }, 120_000);

  test("without it the defaults are used, and said so", async () => {
    const { out } = await run(["--source", "nyt-us-states", "--file", NYT, "--from", "2022-03-07", "--to", "2022-03-07"]);
    expect(out.some((l) => l.includes("the model's defaults"))).toBe(true);
  });
});

describe("bad arguments are named usage errors", () => {
  const cases: Array<[string, string[]]> = [
    ["an unknown source", ["--source", "nope", "--file", NYT, "--from", "2022-03-07", "--to", "2022-03-21"]],
    ["a pair source with one file", ["--source", "jhu-global", "--file", NYT, "--from", "2022-03-07", "--to", "2022-03-21"]],
    ["a bad date", ["--source", "nyt-us-states", "--file", NYT, "--from", "2022-02-30", "--to", "2022-03-21"]],
    ["no Monday in the range", ["--source", "nyt-us-states", "--file", NYT, "--from", "2022-03-08", "--to", "2022-03-12"]],
    ["a bad level", ["--source", "nyt-us-states", "--file", NYT, "--from", "2022-03-07", "--to", "2022-03-21", "--level", "city"]],
    ["--select-from less than a week before --from", ["--source", "nyt-us-states", "--file", NYT, "--from", "2022-03-07", "--to", "2022-03-21", "--select-from", "2022-03-01"]],
    ["a bad --select-from", ["--source", "nyt-us-states", "--file", NYT, "--from", "2022-03-07", "--to", "2022-03-21", "--select-from", "2022-13-01"]],
    ["an unknown flag", ["--source", "nyt-us-states", "--file", NYT, "--from", "2022-03-07", "--to", "2022-03-21", "--bogus"]],
  ];
  for (const [what, args] of cases) test(what, () => expect(run(args)).rejects.toBeInstanceOf(BacktestUsageError));
});

describe("aggregation to a level", () => {
  const region = (id: number, level: RegionRecord["level"], parentId: number | null): RegionRecord => ({
    id,
    name: String(id),
    level,
    parentId,
    fips: null,
    iso2: null,
    iso3: null,
    lat: null,
    lon: null,
    population: null,
  });
  // France (250) has its own row and an overseas province; Canada (124) only provinces.
  const data: SourceData = {
    regions: new Map([
      [250, region(250, "country", null)],
      [25001, region(25001, "state", 250)],
      [12401, region(12401, "state", 124)],
      [12402, region(12402, "state", 124)],
    ]),
    regionId: Int32Array.of(250, 250, 12401, 12401, 12401, 12402, 12402, 25001, 25001),
    day: Int32Array.of(100, 101, 100, 101, 102, 101, 102, 100, 101),
    cumCases: Float64Array.of(10, 20, 1, 2, 3, 5, NaN, 7, 8),
    cumDeaths: Float64Array.of(1, 2, 0, 0, 1, 1, 1, 0, 0),
    rejected: 0,
    reasons: [],
  };

  test("a national row is used as is; provinces are summed only where there is none", () => {
    const s = aggregateToLevel(data, "country");
    expect([...s.cases.keys()].sort()).toEqual(["124", "250"]);
    expect(s.cases.get("250")).toEqual({ firstDay: 100, cum: Float64Array.of(10, 20) });
    // Day 100: 1 + (12402 had not started: 0); day 101: 2 + 5; day 102: 3 + unknown.
    const ca = s.cases.get("124")!;
    expect(ca.firstDay).toBe(100);
    expect(Array.from(ca.cum)).toEqual([1, 7, NaN]);
    expect(Array.from(s.deaths.get("124")!.cum)).toEqual([0, 1, 2]);
  });

  test("at state level the provinces are their own locations", () => {
    expect([...aggregateToLevel(data, "state").cases.keys()].sort()).toEqual(["12401", "12402", "25001"]);
  });
});
