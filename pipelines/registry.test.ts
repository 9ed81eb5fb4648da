import { expect, test } from "bun:test";
import { UnknownSourceError } from "./errors.ts";
import { adapters, getAdapter } from "./registry.ts";

test("the three JHU adapters are registered under their ids", () => {
  expect(Object.keys(adapters).sort()).toEqual(["jhu-lookup", "jhu-us-cases", "jhu-us-deaths"]);
  expect(getAdapter("jhu-us-cases").dataset).toBe("jhu-us");
  expect(getAdapter("jhu-us-deaths").dataset).toBe("jhu-us");
  expect(getAdapter("jhu-lookup").dataset).toBe("jhu-lookup");
  for (const [id, a] of Object.entries(adapters)) expect(a.id).toBe(id);
});

test("an unknown id names the known ones", () => {
  expect(() => getAdapter("nyt-states")).toThrow(UnknownSourceError);
  expect(() => getAdapter("toString")).toThrow(/known sources: jhu-us-cases, jhu-us-deaths, jhu-lookup/);
});
