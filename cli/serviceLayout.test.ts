// Which child runs which services at which priority: only children without the risk pool are niced.
import { expect, test } from "bun:test";
import { loadConfig } from "./config.ts";
import { INGEST_NICE, serviceLayout } from "./serviceLayout.ts";

const base = { DATA_DIR: "/tmp/covid-mesh-layout-test", NATS_URL: "nats://127.0.0.1:4222" };

test("PGlite: the storage child holds the risk pool and keeps its priority; parsing is niced", () => {
  const groups = serviceLayout(loadConfig(base));
  expect(groups.map((g) => [g.name, g.services.includes("exposure-risk"), g.nice])).toEqual([
    ["storage", true, 0],
    ["covid-data", false, INGEST_NICE],
  ]);
});

test("Postgres: the risk pool has its own child at normal priority; storing and parsing are niced", () => {
  const groups = serviceLayout(loadConfig({ ...base, DATABASE_URL: "postgres://127.0.0.1:5432/test" }));
  expect(groups.map((g) => [g.name, g.services.includes("exposure-risk"), g.nice])).toEqual([
    ["storage", false, INGEST_NICE],
    ["exposure-risk", true, 0],
    ["covid-data", false, INGEST_NICE],
  ]);
});
