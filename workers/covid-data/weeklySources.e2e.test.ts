// The CDC weekly sources end to end, through the CLI: `covid-mesh ingest <source> --file PATH
// --wait --json` (a child process) → covid-data worker → JetStream (weekly Arrow batches) →
// persistence pool → Postgres. Counts and spot values are checked against the files themselves.
import { afterAll, beforeAll, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { parquetReadObjects } from "hyparquet";
import { TEST_NATS_URL } from "../../cli/testSupport.ts";
import { HOSP_CSV, HOSP_VINTAGES, NSSP, TIME_SERIES } from "../../pipelines/weeklyTestSupport.ts";
import { startIngestionSystem, type IngestionSystem } from "./testSupport.ts";
import { needsSharedData } from "../../testenv/sharedDataGate.ts";

// Every test starts a CLI process and waits for a job: seconds each, many on a loaded machine.
setDefaultTimeout(120_000);

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
const AL = 84000001;
const US = 840;

let system: IngestionSystem;
let dir: string;

interface CliResult {
  code: number;
  out: { job: string; source: string; accepted: number; rejected: number; unchanged: number; state?: string; error?: string };
}

async function cli(source: string, file: string, how: "--file" | "--url" = "--file"): Promise<CliResult> {
  const proc = Bun.spawn(["./node_modules/.bin/bun", "cli/main.ts", "ingest", source, how, file, "--wait", "--json", "--quiet", "--timeout", "300"], {
    cwd: join(import.meta.dir, "../.."),
    env: { ...process.env, NATS_URL: TEST_NATS_URL, MESH_PREFIX: system.client.contract.prefix, DATA_DIR: dir, LOG_LEVEL: "silent" },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  const last = out.trim().split("\n").pop() ?? "";
  if (!last.startsWith("{")) throw new Error(`CLI printed no JSON (exit ${code}): ${out}\n${err}`);
  return { code, out: JSON.parse(last) };
}

/** Versions a revision-aware store must keep: per key, the publications (by as_of) whose value differs from the one before. */
function changes(rows: { key: string; asOf: string; value: string }[]): { keys: number; versions: number } {
  const byKey = new Map<string, { asOf: string; value: string }[]>();
  for (const r of rows) (byKey.get(r.key) ?? byKey.set(r.key, []).get(r.key)!).push(r);
  let versions = 0;
  for (const list of byKey.values()) {
    list.sort((a, b) => a.asOf.localeCompare(b.asOf));
    versions += list.filter((r, i) => i === 0 || r.value !== list[i - 1].value).length;
  }
  return { keys: byKey.size, versions };
}

const valueOn = async (source: string, metric: "hosp-admissions" | "ed-visits-prop" | "ed-visits-pct", region: number, week: string, asOf?: string) => {
  const s = await system.storage.loadWeeklySeries(source, metric, asOf);
  for (let i = 0; i < s.regionId.length; i++) if (s.regionId[i] === region && s.weekEnd[i] === day(week)) return { value: s.value[i], asOf: s.asOf[i], i, s };
  return undefined;
};

const shared = needsSharedData(HOSP_CSV, HOSP_VINTAGES, NSSP, TIME_SERIES);

beforeAll(async () => {
  system = await startIngestionSystem();
  dir = mkdtempSync(join(tmpdir(), "covidmesh-weekly-"));
});

afterAll(async () => {
  await system?.stop();
  rmSync(dir, { recursive: true, force: true });
});

shared.describe("covidhub-hosp: the legacy CSV, both headers, and every published vintage", () => {
  test("the CSV lands as 3,180 region-weeks of the publication named by the file's Last-Modified", async () => {
    const r = await cli("covidhub-hosp", HOSP_CSV);
    expect(r.code).toBe(0);
    expect(r.out).toMatchObject({ source: "covidhub-hosp", accepted: 3180, rejected: 0, unchanged: 0 });
    expect(await system.storage.countWeekly("covidhub-hosp")).toBe(3180);
    const mtimeDay = Math.floor(statSync(HOSP_CSV).mtimeMs / 86_400_000);
    // Lines "AL,2025-12-20,92,01" and "US,2025-12-20,5588,US".
    expect(await valueOn("covidhub-hosp", "hosp-admissions", AL, "2025-12-20")).toMatchObject({ value: 92, asOf: mtimeDay });
    expect((await valueOn("covidhub-hosp", "hosp-admissions", US, "2025-12-20"))?.value).toBe(5588);
  });

  test("re-ingesting the same file writes nothing", async () => {
    const r = await cli("covidhub-hosp", HOSP_CSV);
    expect(r.out).toMatchObject({ accepted: 0, unchanged: 3180, rejected: 0 });
    expect(await system.storage.countWeekly("covidhub-hosp")).toBe(3180);
  });

  test("the later header (target_end_date) is accepted: the same publication, nothing new", async () => {
    const text = readFileSync(HOSP_CSV, "utf8").replace(/^state,date,value,location/, "state,target_end_date,value,location");
    const file = join(dir, "covid-hospital-admissions-target_end_date.csv");
    writeFileSync(file, text);
    const r = await cli("covidhub-hosp", file);
    expect(r.code).toBe(0);
    expect(r.out).toMatchObject({ accepted: 0, unchanged: 3180, rejected: 0 });
  });

  test("the vintages add every earlier publication; what was known on a day is answered from them", async () => {
    const lines = gunzipSync(readFileSync(HOSP_VINTAGES))
      .toString("utf8")
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => l.split(","));
    const rows = lines.filter((f) => f[1] !== "NA").map(([asOf, loc, , week, value]) => ({ key: `${loc}|${week}`, asOf, value }));
    const expected = changes(rows);
    expect(expected.keys).toBe(3180);
    const r = await cli("covidhub-hosp-vintages", HOSP_VINTAGES);
    expect(r.code).toBe(0);
    expect(r.out).toMatchObject({ accepted: expected.versions, unchanged: rows.length - expected.versions, rejected: 0 });
    expect(await system.storage.countWeekly("covidhub-hosp")).toBe(3180 + expected.versions);
    // AL, week ending 2025-01-04: 216 as of 2025-01-08, 226 from 2025-01-15, 220 from 2025-11-26.
    expect((await valueOn("covidhub-hosp", "hosp-admissions", AL, "2025-01-04", "2025-01-10"))?.value).toBe(216);
    expect((await valueOn("covidhub-hosp", "hosp-admissions", AL, "2025-01-04", "2025-06-01"))?.value).toBe(226);
    expect((await valueOn("covidhub-hosp", "hosp-admissions", AL, "2025-01-04", "2025-12-31"))?.value).toBe(220);
    expect(await valueOn("covidhub-hosp", "hosp-admissions", AL, "2025-01-04", "2025-01-07")).toBeUndefined();
    const revs = await system.storage.weeklyRevisions("covidhub-hosp", "hosp-admissions", AL, "2025-01-04");
    expect(revs.slice(0, 3).map((v) => [v.asOf, v.value])).toEqual([
      ["2025-01-08", 216],
      ["2025-01-15", 226],
      ["2025-11-26", 220],
    ]);
    // Before the first vintage nothing was known; on 2025-11-18 the first one (53 locations × 1 week).
    expect((await system.storage.loadWeeklySeries("covidhub-hosp", "hosp-admissions", "2024-11-17")).regionId.length).toBe(0);
    expect((await system.storage.loadWeeklySeries("covidhub-hosp", "hosp-admissions", "2024-11-18")).regionId.length).toBe(53);

    const again = await cli("covidhub-hosp-vintages", HOSP_VINTAGES);
    expect(again.out).toMatchObject({ accepted: 0, unchanged: rows.length, rejected: 0 });
  }, 120_000);
});

shared.describe("parquet sources", () => {
  test("covidhub-time-series: both targets, every publication it stacks; a re-ingest writes 0", async () => {
    const objects = await parquetReadObjects({ file: new Uint8Array(readFileSync(TIME_SERIES)).buffer });
    const iso = (d: Date) => d.toISOString().slice(0, 10);
    const of = (target: string) =>
      objects.filter((o) => o.target === target).map((o) => ({ key: `${o.location}|${iso(o.date)}`, asOf: iso(o.as_of), value: String(o.observation) }));
    const hosp = changes(of("wk inc covid hosp"));
    const ed = changes(of("wk inc covid prop ed visits"));
    expect([hosp.keys, ed.keys]).toEqual([3180, 8670]);

    const r = await cli("covidhub-time-series", TIME_SERIES);
    expect(r.code).toBe(0);
    expect(r.out).toMatchObject({ accepted: hosp.versions + ed.versions, unchanged: objects.length - hosp.versions - ed.versions, rejected: 0 });
    expect(await system.storage.countWeekly("covidhub-time-series")).toBe(hosp.versions + ed.versions);
    expect((await system.storage.loadWeeklySeries("covidhub-time-series", "hosp-admissions")).regionId.length).toBe(3180);
    expect((await system.storage.loadWeeklySeries("covidhub-time-series", "ed-visits-prop")).regionId.length).toBe(8670);
    // The first row of the file: prop ed visits, "01", 2022-10-01, 0.0102, as of 2025-06-18.
    expect((await valueOn("covidhub-time-series", "ed-visits-prop", AL, "2022-10-01", "2025-06-18"))?.value).toBe(0.0102);
    expect((await valueOn("covidhub-time-series", "hosp-admissions", US, "2025-12-20"))?.value).toBe(5588);

    const again = await cli("covidhub-time-series", TIME_SERIES);
    expect(again.out).toMatchObject({ accepted: 0, unchanged: objects.length, rejected: 0 });
  }, 180_000);

  test("nssp-ed-visits: 389,580 county, state and national region-weeks; missing values keep their reason", async () => {
    const r = await cli("nssp-ed-visits", NSSP);
    expect(r.code).toBe(0);
    expect(r.out).toMatchObject({ accepted: 389_580, unchanged: 0, rejected: 0 });
    expect(await system.storage.countWeekly("nssp-ed-visits")).toBe(389_580);
    const camden = await valueOn("nssp-ed-visits", "ed-visits-pct", 84037029, "2023-10-21");
    expect(camden?.value).toBe(1.17);
    expect([camden!.s.level[camden!.i], camden!.s.trend[camden!.i]]).toEqual([1, 1]); // Low, No Change
    const nation = await valueOn("nssp-ed-visits", "ed-visits-pct", US, "2022-10-01");
    expect(nation?.value).toBe(1.84);
    const s = nation!.s;
    let limited = 0;
    let unavailable = 0;
    for (let i = 0; i < s.regionId.length; i++) {
      if (s.missingReason[i] === "Limited Data") limited++;
      if (s.missingReason[i] === "Data Unavailable") unavailable++;
    }
    expect([limited, unavailable]).toEqual([28_900, 3926]);

    const again = await cli("nssp-ed-visits", NSSP);
    expect(again.out).toMatchObject({ accepted: 0, unchanged: 389_580, rejected: 0 });
  }, 300_000);

  test("a truncated parquet file fails its job with a clear reason and writes nothing", async () => {
    const bytes = readFileSync(NSSP);
    const file = join(dir, "nssp-truncated.parquet");
    writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length * 0.7)));
    const before = await system.storage.countWeekly();
    const r = await cli("nssp-ed-visits", file);
    expect(r.code).toBe(1);
    expect(r.out).toMatchObject({ state: "failed", accepted: 0, unchanged: 0, rejected: 0 });
    // Clients see the category; the detail ("not a complete parquet file") is in the worker's log.
    expect(r.out.error).toBe("bad_format");
    expect(await system.storage.countWeekly()).toBe(before);
    const summary = await system.storage.jobSummary(r.out.job);
    expect(summary).toMatchObject({ state: "failed", batchesDone: 0, batchesExpected: 0 });
  });
});

shared.describe("over HTTP", () => {
  let server: ReturnType<typeof Bun.serve>;
  const small = "state,target_end_date,value,location\nAL,2026-01-03,7,01\nUS,2026-01-03,900,US\n";
  beforeAll(() => {
    server = Bun.serve({
      port: 0,
      hostname: "127.0.0.1",
      fetch(req) {
        const path = new URL(req.url).pathname;
        if (path === "/hosp.csv") return new Response(small, { headers: { "last-modified": "Wed, 07 Jan 2026 15:00:00 GMT" } });
        if (path === "/time-series.parquet") return new Response(readFileSync(TIME_SERIES), { headers: { "last-modified": "Wed, 31 Dec 2025 15:00:00 GMT" } });
        return new Response("no", { status: 404 });
      },
    });
  });
  afterAll(() => server?.stop(true));

  test("a CSV without as_of is of the publication its Last-Modified names", async () => {
    const r = await cli("covidhub-hosp", `http://127.0.0.1:${server.port}/hosp.csv`, "--url");
    expect(r.out).toMatchObject({ accepted: 2, unchanged: 0, rejected: 0 });
    expect(await system.storage.weeklyRevisions("covidhub-hosp", "hosp-admissions", AL, "2026-01-03")).toEqual([
      { asOf: "2026-01-07", value: 7, level: null, trend: null, missingReason: null },
    ]);
    // Known on 2026-01-07, not the day before.
    expect(await valueOn("covidhub-hosp", "hosp-admissions", US, "2026-01-03", "2026-01-06")).toBeUndefined();
    expect((await valueOn("covidhub-hosp", "hosp-admissions", US, "2026-01-03", "2026-01-07"))?.value).toBe(900);
  });

  test("a parquet source is read whole from the response; the file's own as_of wins over Last-Modified", async () => {
    const before = await system.storage.countWeekly("covidhub-time-series");
    expect(before).toBeGreaterThan(0); // ingested from the file above
    const r = await cli("covidhub-time-series", `http://127.0.0.1:${server.port}/time-series.parquet`, "--url");
    expect(r.code).toBe(0);
    expect(r.out).toMatchObject({ accepted: 0, unchanged: 251_306, rejected: 0 });
    expect(await system.storage.countWeekly("covidhub-time-series")).toBe(before);
  }, 120_000);
});
