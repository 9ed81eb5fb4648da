import { describe, expect, test } from "bun:test";
import { ConfigError, loadConfig } from "./config.ts";
import { allPollersOf, HUB_RAW_BASE_URL, livePollersOf } from "./liveMode.ts";

describe("live mode configuration", () => {
  test("off by default: no pollers", () => {
    const c = loadConfig({});
    expect(c.LIVE_MODE).toBe(false);
    expect(livePollersOf(c)).toEqual([]);
    expect(allPollersOf(c)).toEqual([]);
  });

  test("LIVE_MODE=1 polls the hub's three files on GitHub raw, hourly", () => {
    const c = loadConfig({ LIVE_MODE: "1" });
    expect(livePollersOf(c)).toEqual([
      { source: "covidhub-hosp", url: `${HUB_RAW_BASE_URL}/target-data/covid-hospital-admissions.csv`, intervalMs: 3_600_000 },
      { source: "covidhub-time-series", url: `${HUB_RAW_BASE_URL}/target-data/time-series.parquet`, intervalMs: 3_600_000 },
      { source: "nssp-ed-visits", url: `${HUB_RAW_BASE_URL}/auxiliary-data/nssp-raw-data/latest.parquet`, intervalMs: 3_600_000 },
    ]);
    expect(HUB_RAW_BASE_URL).toBe("https://raw.githubusercontent.com/CDCgov/covid19-forecast-hub/main");
  });

  test("base URL and interval are configurable; an explicit POLLERS entry wins for its source", () => {
    const c = loadConfig({
      LIVE_MODE: "true",
      LIVE_BASE_URL: "http://127.0.0.1:9999/hub/",
      LIVE_POLL_SECONDS: "60",
      POLLERS: '{"covidhub-hosp":{"file":"/data/hosp.csv","intervalSeconds":5}}',
    });
    const pollers = allPollersOf(c);
    expect(pollers.map((p) => [p.source, p.url ?? p.file, p.intervalMs])).toEqual([
      ["covidhub-hosp", "/data/hosp.csv", 5000],
      ["covidhub-time-series", "http://127.0.0.1:9999/hub/target-data/time-series.parquet", 60_000],
      ["nssp-ed-visits", "http://127.0.0.1:9999/hub/auxiliary-data/nssp-raw-data/latest.parquet", 60_000],
    ]);
  });

  test("bad values are a ConfigError naming the variable", () => {
    for (const env of [{ LIVE_MODE: "yes please" }, { LIVE_BASE_URL: "not a url" }, { LIVE_POLL_SECONDS: "0" }]) {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(Object.keys(env)[0]);
    }
  });
});
