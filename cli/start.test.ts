// The laptop path, as `npm start` runs it (launch()): no NATS_URL and no DATABASE_URL → an
// embedded nats-server child and PGlite; the services in supervised child processes; the bundled
// sample ingested on first start (region lookup, the CDC Forecast Hub's 2025 files, JHU 2020).
// First with live mode off: /readyz stays 503 until a risk query is answered, one ready line, a
// killed service process comes back and answers, no request leaves for the hub. Then the same
// data directory restarted with live mode on, against a loopback stand-in for GitHub raw: the
// scheduler polls the three files and each becomes one job.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pino from "pino";
import { isTerminal, openJobStore } from "../jobs/mod.ts";
import type { JobRecord } from "../domain/mod.ts";
import { launch } from "./commands/start.ts";
import { startHubTestServer, type HubTestServer } from "./hubTestServer.ts";
import { HUB_FILES } from "./liveMode.ts";
import { SHARED_DATA, testConfig } from "./testSupport.ts";
import { DeliverPolicy } from "@nats-io/jetstream";
import { messages, type JobEvent } from "../domain/mod.ts";
import { decodeMessage } from "../mesh/mod.ts";
import { openStorage } from "../sql/mod.ts";
import type { Launched } from "./commands/start.ts";
import { loadConfig } from "./config.ts";
import { lockPath } from "./dataDirLock.ts";
import { needsSharedData } from "../testenv/sharedDataGate.ts";

const SAMPLE = join(import.meta.dir, "../sample");
const HOSP_CSV = join(SHARED_DATA, "covidhub/covid-hospital-admissions.csv");
/** Only the live-mode test reads the hub's CSV from the datasets; without them it skips. */
const shared = needsSharedData(HOSP_CSV);
const HARRIS_COUNTY = 84048201;
const TEXAS = 84000048;
const NEW_YORK_COUNTY = 84036061;
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

let hub: HubTestServer;
// A generous mesh deadline: under load the risk pool may still be computing models when asked.
const base = testConfig({ NATS_URL: undefined, DATABASE_URL: undefined, MESH_PREFIX: "", INGEST_SAMPLE: "true", REQUEST_TIMEOUT_MS: "30000", LOG_LEVEL: "info" });
let running: Launched | undefined;

beforeAll(() => {
  hub = startHubTestServer();
  // The hub's files as the sample has them, published "now" (Last-Modified today).
  const now = new Date();
  if (shared.present) hub.publish("target-data/covid-hospital-admissions.csv", readFileSync(HOSP_CSV), now);
  hub.publish("target-data/time-series.parquet", readFileSync(join(SAMPLE, "time-series-asof-2025-12-31.parquet")), now);
  hub.publish("auxiliary-data/nssp-raw-data/latest.parquet", readFileSync(join(SAMPLE, "nssp-raw-asof-2025-12-31.parquet")), now);
});

afterAll(async () => {
  await running?.stop();
  hub.stop();
  base.cleanup();
});

/** npm start on `base`'s data directory, collecting its log, the children's log and the ready line. */
async function start(overrides: Record<string, string>) {
  const env = { ...base.env, LIVE_BASE_URL: hub.url, ...overrides };
  const config = loadConfig(env);
  const logged: Array<Record<string, unknown>> = [];
  const childLogged: Array<Record<string, unknown> & { child: string }> = [];
  const printed: string[] = [];
  const log = pino({ level: "info" }, { write: (line: string) => void logged.push(JSON.parse(line)) });
  const launched = await launch(config, log, {
    env,
    print: (l) => printed.push(l),
    onChildLine: (child, line) => {
      try {
        childLogged.push({ ...JSON.parse(line), child });
      } catch {
        // not a log line (a runtime warning): kept out
      }
    },
  });
  running = launched;
  return { launched, logged, childLogged, printed, config };
}

async function eventually<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    await Bun.sleep(250);
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}

const riskAt = (url: string, lat: number, lon: number) => fetch(`${url}/v1/risk?lat=${lat}&lon=${lon}&groupSize=50`);

test("npm start, live mode off: child processes, /readyz 503 until a risk query is answered, one ready line, a killed service comes back", async () => {
  const { launched, logged, childLogged, printed, config } = await start({ LIVE_MODE: "false" });
  const t0 = performance.now();
  expect(readFileSync(join(config.dataDir, "nats.url"), "utf8").trim()).toBe(launched.natsUrl);
  expect(JSON.parse(readFileSync(lockPath(config.dataDir), "utf8")).pid).toBe(process.pid);
  // The gateway runs here; everything else in two child processes.
  expect(launched.supervisor.children.map((c) => c.name).sort()).toEqual(["covid-data", "storage"]);
  for (const c of launched.supervisor.children) expect(c.pid()).not.toBe(process.pid);

  // Ready means ready: the first /readyz that says 200 is followed by a risk query that is answered.
  const readyzSeen: number[] = [];
  const firstAnswer = await eventually("ready", 600_000, async () => {
    const r = await fetch(`${launched.url}/readyz`);
    readyzSeen.push(r.status);
    if (r.status !== 200) return undefined;
    return riskAt(launched.url, 40.7128, -74.006);
  });
  expect(readyzSeen[0]).toBe(503); // the storage process needs a while: not ready at once
  expect(firstAnswer.status).toBe(200);
  expect(((await firstAnswer.json()) as { region: { id: number } }).region.id).toBe(NEW_YORK_COUNTY);

  await launched.ready;
  console.log(`ready ${Math.round(performance.now() - t0)} ms after start; /readyz answered ${readyzSeen.length - 1} times 503 first`);
  expect(printed).toHaveLength(1);
  expect(printed[0]).toContain(launched.url);
  expect(printed[0]).toContain("/v1/risk?lat=29.7604&lon=-95.3698");

  // The startup log shows the sample's progress, and each file's end, in order.
  expect(childLogged.some((l) => l.msg === "sample ingest progress" && l.child === "storage")).toBe(true);
  const files = childLogged.filter((l) => l.msg === "sample file ingested");
  expect(files.map((f) => String(f.jobId).replace(/-[a-z0-9]+-[0-9a-f]{8}$/, ""))).toEqual([
    "jhu-lookup",
    "covidhub-hosp-vintages",
    "covidhub-time-series",
    "nssp-ed-visits",
    "jhu-us-cases",
    "jhu-us-deaths",
  ]);
  expect(files.every((f) => f.state === "done")).toBe(true);

  // The README's query: Houston, with Texas admissions (NHSN) as published 2025-12-31.
  const houston = (await (await riskAt(launched.url, 29.7604, -95.3698)).json()) as any;
  expect(houston.current.hospitalAdmissions).toMatchObject({ regionId: TEXAS, weekEnding: "2025-12-27", weekly: 268 });
  expect(houston.current.edVisits).toMatchObject({ regionId: HARRIS_COUNTY, percentCovid: 0.27 });

  // A crashed service process is restarted, with a log line, and answers again.
  const storage = launched.supervisor.children.find((c) => c.name === "storage")!;
  const killed = storage.pid()!;
  process.kill(killed, "SIGKILL");
  const restartedPid = await launched.supervisor.restarted("storage", killed, 120_000);
  expect(restartedPid).not.toBe(killed);
  expect(logged.some((l) => l.msg === "service process exited; restarting it" && l.child === "storage" && l.pid === killed)).toBe(true);
  const again = await eventually("answer after the restart", 600_000, async () => {
    const r = await riskAt(launched.url, 40.7128, -74.006);
    return r.status === 200 ? r : undefined;
  });
  expect(((await again.json()) as { region: { id: number } }).region.id).toBe(NEW_YORK_COUNTY);
  expect((await fetch(`${launched.url}/readyz`)).status).toBe(200);
  expect(storage.restarts()).toBe(1);

  expect(hub.requests).toEqual([]); // live mode off: nothing polled
  await launched.stop();
  running = undefined;
  expect(existsSync(lockPath(config.dataDir))).toBe(false);

  // What the sample stored, read from the database itself now that no process holds it: the
  // revision history (the vintages file): Texas, week ending 2025-12-13, as published on
  // 2025-12-17, revised on 12-29 and 12-31; as known on 2025-12-20, the first value.
  const db = openStorage({ PGLITE_DIR: join(config.dataDir, "pglite") });
  try {
    const revisions = await db.weeklyRevisions("covidhub-hosp", "hosp-admissions", TEXAS, "2025-12-13");
    expect(revisions.map((r) => [r.asOf, r.value])).toEqual([
      ["2025-12-17", 186],
      ["2025-12-29", 196],
      ["2025-12-31", 197],
    ]);
    const asOf = await db.loadWeeklySeries("covidhub-hosp", "hosp-admissions", "2025-12-20");
    const i = [...asOf.regionId.keys()].find((k) => asOf.regionId[k] === TEXAS && asOf.weekEnd[k] === day("2025-12-13"))!;
    expect(asOf.value[i]).toBe(186);
  } finally {
    await db.close();
  }
}, 1_200_000);

shared.test(
  "npm start again, live mode on: no second sample, the three hub files polled once each, one job each",
  async () => {
    const { launched, childLogged } = await start({ LIVE_MODE: "true" });
    const t0 = performance.now();
    await launched.ready;
    expect(childLogged.filter((l) => l.msg === "sample file ingested")).toEqual([]); // the database has it already
    await eventually("scheduler", 120_000, async () => (childLogged.some((l) => l.msg === "scheduler started") ? true : undefined));

    // Every poll job's final record (the first run's sample jobs are on the same stream: origin "cli").
    const store = await openJobStore(launched.client);
    const jobs = await eventually("three poll jobs done", 600_000, async () => {
      const events = await jobEvents(launched);
      const finals = events.filter((e) => isTerminal(e.state) && HUB_FILES.some((f) => f.source === e.source));
      const records = (await Promise.all(finals.map((e) => store.get(e.jobId)))).filter((r): r is JobRecord => r?.origin === "poll");
      return records.length >= HUB_FILES.length ? records : undefined;
    });
    expect(jobs.map((j) => j.source).sort()).toEqual(HUB_FILES.map((f) => f.source).sort());
    console.log(`live jobs done ${Math.round(performance.now() - t0)} ms after start: ${jobs.map((j) => `${j.jobId} ${JSON.stringify(j.counts)}`).join("; ")}`);
    for (const j of jobs) expect(j).toMatchObject({ state: "done", origin: "poll" });
    // The hub's files of 2025-12-31 are what the sample holds: every row unchanged, nothing rewritten.
    for (const j of jobs) expect(j.counts).toMatchObject({ accepted: 0, revised: 0 });
    const hospRows = readFileSync(HOSP_CSV, "utf8").trim().split("\n").length - 1;
    expect(jobs.find((j) => j.source === "covidhub-hosp")!.counts!.unchanged).toBe(hospRows);
    expect(hub.requests.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(HUB_FILES.length);
  },
  1_200_000,
);

/** The job events stored so far (the JOB_EVENTS stream, from its start). */
async function jobEvents(launched: Launched): Promise<JobEvent[]> {
  const m = launched.client;
  const consumer = await m.js.consumers.get(m.contract.streams.jobEvents.name, { deliver_policy: DeliverPolicy.All });
  const out: JobEvent[] = [];
  const info = await m.jsm.streams.info(m.contract.streams.jobEvents.name);
  let left = info.state.messages;
  while (left > 0) {
    const batch = await consumer.fetch({ max_messages: Math.min(left, 500), expires: 2_000 });
    let got = 0;
    for await (const msg of batch) {
      got++;
      try {
        out.push(decodeMessage(messages.jobEvent, msg).value);
      } catch {
        // another message type on the stream: skip
      }
    }
    if (got === 0) break;
    left -= got;
  }
  return out;
}
