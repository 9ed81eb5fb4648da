import { expect, test } from "bun:test";
import { UnknownSourceError } from "./errors.ts";
import { adapters, getAdapter } from "./registry.ts";

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
  });
  for (const [id, a] of Object.entries(adapters)) expect(a.id).toBe(id);
});

test("an unknown id names the known ones", () => {
  expect(() => getAdapter("nyt-states")).toThrow(UnknownSourceError);
  expect(() => getAdapter("toString")).toThrow(/known sources: jhu-us-cases, jhu-us-deaths, jhu-lookup, jhu-global-cases/);
});
