// End to end on real data: JHU CSSE files → covid-data worker → JetStream (Arrow batches) →
// persistence pool → Postgres, then a risk query through the gateway and the risk pool.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { join } from "node:path";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { startSystem, type System } from "./system.ts";
import { submitIngest } from "./ingestClient.ts";
import { readCsvLines, SHARED_DATA, testConfig } from "./testSupport.ts";
import { describeWithPostgres, RUN_HAS_POSTGRES } from "../sql/testSupport.ts";

import { dayOfIso } from "../domain/mod.ts";
import { type TempDatabase, createTempDatabase } from "../sql/testSupport.ts";
import { needsSharedData } from "../testenv/sharedDataGate.ts";

const CASES = join(SHARED_DATA, "jhu_csse/time_series_covid19_confirmed_US.csv.gz");
const DEATHS = join(SHARED_DATA, "jhu_csse/time_series_covid19_deaths_US.csv.gz");
const LOOKUP = join(SHARED_DATA, "jhu_csse/UID_ISO_FIPS_LookUp_Table.csv.gz");

// Every test here reads these files (or data ingested from them): without them, all skip.
const shared = needsSharedData(CASES, DEATHS, LOOKUP);
const caseLines = shared.present ? readCsvLines(CASES) : [""];
const deathLines = shared.present ? readCsvLines(DEATHS) : [""];
const describeWithData = shared.present ? describeWithPostgres : shared.describe;
const header = caseLines[0].split(",");
const dateCols = header.slice(11); // UID … Combined_Key, then dates
const COUNTIES = caseLines.length - 1;
const DAYS = dateCols.length;

/** Cumulative value of a county on an M/D/YY date, read from the CSV text itself. */
function csvValue(lines: string[], uid: number, date: string): number {
  const h = lines[0].split(",");
  const line = lines.find((l) => l.startsWith(`${uid},`))!;
  const fields = line.split(",");
  const fromEnd = h.length - h.indexOf(date);
  return Number(fields[fields.length - fromEnd]);
}
const isoFromMdy = (mdy: string) => {
  const [m, d, y] = mdy.split("/").map(Number);
  return `20${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
};

let db: TempDatabase;
let config: ReturnType<typeof testConfig>;
let system: System;

async function ingest(source: string, file: string) {
  const job = await submitIngest(system.client, { source, file }, { timeoutMs: 240_000 });
  const ev = await job.done;
  return { ...ev, jobId: job.job.jobId };
}

// The full JHU US confirmed and deaths files (3,340 counties × 344 days each) do not land within
// the test timeouts on PGlite: Postgres only, skipped (with the reason) on a run without it.
beforeAll(async () => {
  if (!RUN_HAS_POSTGRES || !shared.present) return;
  db = await createTempDatabase("covidmesh_e2e");
  config = testConfig({ DATABASE_URL: db.url });
  system = await startSystem(config, { quiet: true });
});

afterAll(async () => {
  if (system) {
    for (const spec of Object.values(system.client.contract.streams)) {
      await system.client.jsm.streams.delete(spec.name).catch(() => {});
    }
    await system.stop();
  }
  await db?.drop();
  config?.cleanup();
});

describeWithData("ingestion through the mesh", () => {
  test("a malformed row is quarantined with its reason and line, and the rest of the file lands", async () => {
    const bad = caseLines[3].split(",");
    bad[bad.length - 5] = "12x"; // a non-numeric cumulative value
    const file = join(mkdtempSync(join(tmpdir(), "covidmesh-q-")), "faulty.csv");
    writeFileSync(file, `${[caseLines[0], caseLines[1], caseLines[2], bad.join(","), caseLines[4]].join("\n")}\n`);

    const ev = await ingest("jhu-us-cases", file);
    expect(ev.state).toBe("done");
    expect(ev.counts!.rejected).toBe(1);
    expect(ev.counts!.accepted).toBe(3 * DAYS);

    const q = await system.storage.listQuarantine(ev.jobId);
    expect(q).toHaveLength(1);
    expect(q[0].line).toBe(4);
    expect(q[0].raw).toBe(bad.join(","));
    expect(q[0].reason.toLowerCase()).toContain("12x");
    const goodUid = Number(caseLines[4].split(",")[0]);
    const badUid = Number(bad[0]);
    expect(await system.storage.getObservation(goodUid, "jhu-us", dayOfIso("2020-12-30"))).not.toBeNull();
    expect(await system.storage.getObservation(badUid, "jhu-us", dayOfIso("2020-12-30"))).toBeNull();
  });

  test("the whole JHU US confirmed and deaths files land: region-days = counties × days, values match the CSV", async () => {
    expect((await ingest("jhu-lookup", LOOKUP)).state).toBe("done");
    const [cases, deaths] = await Promise.all([ingest("jhu-us-cases", CASES), ingest("jhu-us-deaths", DEATHS)]);
    expect(cases.state).toBe("done");
    expect(deaths.state).toBe("done");
    expect(cases.counts!.rejected).toBe(0);
    expect(deaths.counts!.rejected).toBe(0);
    // The faulty-file test stored 3 counties' cases already: they are unchanged now.
    expect(cases.counts!.accepted + cases.counts!.unchanged).toBe(COUNTIES * DAYS);
    expect(cases.counts!.unchanged).toBe(3 * DAYS);
    expect(deaths.counts!.accepted).toBe(COUNTIES * DAYS);
    expect(await system.storage.countObservations("jhu-us")).toBe(COUNTIES * DAYS);

    for (const uid of [84036061, 84006037, 84017031, 84053033, 84048201]) {
      for (const date of ["3/15/20", "7/4/20", "11/26/20", "12/30/20"]) {
        const obs = await system.storage.getObservation(uid, "jhu-us", dayOfIso(isoFromMdy(date)));
        expect(obs).not.toBeNull();
        expect(obs!.cumCases).toBe(csvValue(caseLines, uid, date));
        expect(obs!.cumDeaths).toBe(csvValue(deathLines, uid, date));
      }
      const prev = csvValue(caseLines, uid, "12/29/20");
      const obs = await system.storage.getObservation(uid, "jhu-us", dayOfIso("2020-12-30"));
      expect(obs!.newCases).toBe(csvValue(caseLines, uid, "12/30/20") - prev);
    }
  });

  test("ingesting the same files again writes nothing", async () => {
    const [cases, deaths] = await Promise.all([ingest("jhu-us-cases", CASES), ingest("jhu-us-deaths", DEATHS)]);
    expect(cases.counts!.accepted).toBe(0);
    expect(deaths.counts!.accepted).toBe(0);
    expect(cases.counts!.unchanged).toBe(COUNTIES * DAYS);
    expect(deaths.counts!.unchanged).toBe(COUNTIES * DAYS);
    expect(await system.storage.countObservations("jhu-us")).toBe(COUNTIES * DAYS);
  });

  test("an unknown source fails the job with a clear error instead of hanging", async () => {
    const ev = await ingest("no-such-source", CASES);
    expect(ev.state).toBe("failed");
    expect(ev.error).toBe("unknown_source");
  });
});

describeWithData("risk by geolocation through the gateway", () => {
  test("lower Manhattan answers with New York County's figures from the stored data", async () => {
    await system.risk.rebuild();
    const res = await fetch(`${system.gateway.url}/v1/risk?lat=40.7128&lon=-74.0060&groupSize=50`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.region.id).toBe(84036061);
    expect(body.region.name).toBe("New York");
    expect(body.match).toBe("contains");
    expect(body.asOf).toBe("2020-12-30");
    expect(body.metrics.cumulativeCases).toBe(csvValue(caseLines, 84036061, "12/30/20"));
    const last10 = csvValue(caseLines, 84036061, "12/30/20") - csvValue(caseLines, 84036061, "12/20/20");
    expect(body.metrics.casesLast10Days).toBe(last10);
    const p = (5 * last10) / body.region.population;
    expect(body.eventRisk.probability).toBeCloseTo(1 - (1 - p) ** 50, 10);
    expect(res.headers.get("x-correlation-id")).toBeTruthy();
  });

  test("a past date answers as of that date", async () => {
    const res = await fetch(`${system.gateway.url}/v1/risk?lat=41.8781&lon=-87.6298&date=2020-07-04`);
    const body = (await res.json()) as any;
    expect(res.status).toBe(200);
    expect(body.region.id).toBe(84017031);
    expect(body.asOf).toBe("2020-07-04");
    expect(body.metrics.cumulativeCases).toBe(csvValue(caseLines, 84017031, "7/4/20"));
  });

  test("a date before any data is a 404 problem", async () => {
    const res = await fetch(`${system.gateway.url}/v1/risk?lat=41.8781&lon=-87.6298&date=2019-01-01`);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toStartWith("application/problem+json");
  });

  test("bad parameters are a 400 problem", async () => {
    const res = await fetch(`${system.gateway.url}/v1/risk?lat=north&lon=-74`);
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toStartWith("application/problem+json");
  });

  test("/readyz is ready: NATS and the database answer through the mesh", async () => {
    const res = await fetch(`${system.gateway.url}/readyz`);
    expect(res.status).toBe(200);
  });
});
