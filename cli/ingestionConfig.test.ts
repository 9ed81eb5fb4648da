import { describe, expect, test } from "bun:test";
import { ConfigError, loadConfig } from "./config.ts";
import { pollersOf, schedulesOf } from "./ingestionConfig.ts";

describe("ingestion configuration", () => {
  test("defaults: no schedules, no pollers, no API keys, k = 10", () => {
    const c = loadConfig({});
    expect(schedulesOf(c)).toEqual([]);
    expect(pollersOf(c)).toEqual([]);
    expect(c.API_KEYS).toBe("");
    expect(c.ACTIVITY_K).toBe(10);
    expect(c.DEVICE_SALT).toBeUndefined();
  });

  test("SCHEDULES and POLLERS are JSON objects keyed by source", () => {
    const c = loadConfig({
      SCHEDULES: '{"jhu-us-cases":{"cron":"0 */6 * * *","url":"https://example.org/c.csv"}}',
      POLLERS: '{"nyt-us-states":{"file":"/data/us-states.csv","intervalSeconds":300}}',
      ACTIVITY_K: "5",
    });
    expect(schedulesOf(c)).toEqual([{ source: "jhu-us-cases", cron: "0 */6 * * *", url: "https://example.org/c.csv" }]);
    expect(pollersOf(c)).toEqual([{ source: "nyt-us-states", file: "/data/us-states.csv", url: undefined, intervalMs: 300_000 }]);
    expect(c.ACTIVITY_K).toBe(5);
  });

  test("bad values are a ConfigError naming the variable", () => {
    for (const env of [
      { SCHEDULES: "{not json" },
      { SCHEDULES: '{"jhu-us-cases":{"cron":"* * * * *"}}' },
      { SCHEDULES: '{"Bad Source":{"cron":"* * * * *","url":"https://e.org"}}' },
      { POLLERS: '{"x":{"url":"https://e.org","intervalSeconds":0}}' },
      { ACTIVITY_K: "0" },
      { DEVICE_SALT: "short" },
    ]) {
      let err: unknown;
      try {
        loadConfig(env);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toContain(Object.keys(env)[0]);
    }
  });
});
