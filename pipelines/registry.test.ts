import { expect, test } from "bun:test";
import { UnknownSourceError } from "./errors.ts";
import { adapters, getAdapter, getCsvAdapter, isObservationDataset } from "./registry.ts";

test("every public source adapter is registered under its id, with its dataset and what it writes", () => {
  const table = Object.fromEntries(Object.entries(adapters).map(([id, a]) => [id, [a.dataset, a.writes]]));
  expect(table).toEqual({
    "jhu-us-cases": ["jhu-us", "observations"],
    "jhu-us-deaths": ["jhu-us", "observations"],
    "jhu-lookup": ["jhu-lookup", "regions"],
    "jhu-global-cases": ["jhu-global", "observations"],
    "jhu-global-deaths": ["jhu-global", "observations"],
    "nyt-us-states": ["nyt-us", "observations"],
    "nyt-us-counties": ["nyt-us", "observations"],
    "ecdc-weekly": ["ecdc", "observations"],
    "google-mobility": ["google-mobility", "mobility"],
    "oi-mobility-state": ["oi-mobility", "mobility"],
    "covidhub-hosp": ["covidhub-hosp", "weekly"],
    "covidhub-hosp-vintages": ["covidhub-hosp", "weekly"],
    "covidhub-time-series": ["covidhub-time-series", "weekly"],
    "nssp-ed-visits": ["nssp-ed-visits", "weekly"],
  });
  for (const [id, a] of Object.entries(adapters)) expect(a.id).toBe(id);
});

test("an unknown id names the known ones", () => {
  expect(() => getAdapter("nyt-states")).toThrow(UnknownSourceError);
  expect(() => getAdapter("toString")).toThrow(/known sources: jhu-us-cases, jhu-us-deaths, jhu-lookup, jhu-global-cases/);
});

test("the parquet sources say so, and a CSV-only caller is told", () => {
  const parquet = Object.values(adapters)
    .filter((a) => a.format === "parquet")
    .map((a) => a.id);
  expect(parquet).toEqual(["covidhub-time-series", "nssp-ed-visits"]);
  expect(() => getCsvAdapter("nssp-ed-visits")).toThrow(/read as parquet/);
  expect(getCsvAdapter("covidhub-hosp").id).toBe("covidhub-hosp");
});

test("weekly, mobility and lookup datasets are not daily observations; unknown datasets are", () => {
  for (const d of ["covidhub-hosp", "covidhub-time-series", "nssp-ed-visits", "google-mobility", "jhu-lookup"]) expect(isObservationDataset(d)).toBe(false);
  for (const d of ["jhu-us", "nyt-us", "ecdc", "some-test-dataset"]) expect(isObservationDataset(d)).toBe(true);
});
