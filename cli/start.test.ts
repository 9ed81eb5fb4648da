// The laptop path: no NATS_URL and no DATABASE_URL → an embedded nats-server child and PGlite,
// the bundled sample ingested on first start, and a risk answer for New York County.
import { afterAll, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { startSystem, type System } from "./system.ts";
import { ingestSampleIfEmpty } from "./sample.ts";
import { testConfig } from "./testing.ts";

const config = testConfig({ NATS_URL: undefined, DATABASE_URL: undefined, MESH_PREFIX: "" });
let system: System | undefined;

afterAll(async () => {
  await system?.stop();
  config.cleanup();
});

test("embedded defaults: local nats-server + PGlite, sample ingested, New York County answers", async () => {
  system = await startSystem(config, { quiet: true });
  expect(system.storage.driver).toBe("pglite");
  const recorded = readFileSync(join(config.dataDir, "nats.url"), "utf8").trim();
  expect(recorded).toBe(system.natsUrl);
  expect(existsSync(join(config.dataDir, "nats"))).toBe(true);

  const events = (await ingestSampleIfEmpty(system))!;
  expect(events.map((e) => e.source)).toEqual(["jhu-lookup", "jhu-us-cases", "jhu-us-deaths"]);
  for (const ev of events) expect(ev.state).toBe("done");
  expect(events[1].counts!.accepted).toBeGreaterThan(100_000);

  // A second call finds data and queues nothing.
  expect(await ingestSampleIfEmpty(system)).toBeNull();

  await system.risk.rebuild();
  const res = await fetch(`${system.gateway.url}/v1/risk?lat=40.7128&lon=-74.0060`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as any;
  expect(body.region.id).toBe(84036061);
  expect(body.region.population).toBeGreaterThan(1_000_000);
  expect(body.asOf).toBe("2020-12-30");
  expect(body.metrics.newCases7dAvgPer100k).toBeGreaterThan(0);
  expect(body.eventRisk.probability).toBeGreaterThan(0);
  expect(body.eventRisk.probability).toBeLessThan(1);
});
