// `/v1/risk` while `npm start` ingests and recomputes: starts `covid-mesh start` on a fresh
// DATA_DIR (embedded NATS + PGlite unless BENCH_NATS_URL / BENCH_DATABASE_URL are given), waits
// for its ready line (the bundled sample is in), then loads /v1/risk with wrk while the full JHU
// US confirmed + deaths pair is ingested and the risk models are recomputed after it. Prints the
// p99, timeouts and non-2xx answers of that window and of a steady window after it, the
// ingestion rate, and the RSS summed over every process of the system (start, nats-server,
// service children): peak during the start, peak during the re-ingest, steady after.
//
//   bun bench/startUnderLoad.ts        (env: BENCH_CONNECTIONS=16, BENCH_STEADY_S=60, BENCH_CACHE=hit|miss)
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { connectMesh, createContract } from "../mesh/mod.ts";
import { freePort, readRecordedNatsUrl } from "../cli/localNats.ts";
import { submitIngest } from "../cli/ingestClient.ts";
import { SHARED_DATA } from "../cli/testSupport.ts";
import { BENCH_STALL_MS, stallText, stallsBetween } from "./http/loopStalls.ts";
import { watchRiskEvents } from "./riskSettled.ts";
import { benchSystemEnv } from "./http/system.ts";

const ROOT = join(import.meta.dir, "..");
const CASES = join(SHARED_DATA, "jhu_csse/time_series_covid19_confirmed_US.csv.gz");
const DEATHS = join(SHARED_DATA, "jhu_csse/time_series_covid19_deaths_US.csv.gz");
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const STEADY_S = Number(process.env.BENCH_STEADY_S ?? 60);
const MISS = process.env.BENCH_CACHE === "miss";
const QUIET_MS = 15_000;

// --- RSS of a process tree, from /proc ---------------------------------------------------------

function treeRssBytes(root: number): number {
  const parent = new Map<number, number>();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // exited meanwhile
    }
  }
  const inTree = (pid: number): boolean => {
    for (let p: number | undefined = pid, hops = 0; p && hops < 64; p = parent.get(p), hops++) if (p === root) return true;
    return false;
  };
  let kb = 0;
  for (const pid of parent.keys()) {
    if (!inTree(pid)) continue;
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      if (m) kb += Number(m[1]);
    } catch {
      // exited meanwhile
    }
  }
  return kb * 1024;
}

function rssSampler(root: number) {
  let phase = "start";
  const peaks = new Map<string, number>();
  const samples = new Map<string, number[]>();
  const timer = setInterval(() => {
    const b = treeRssBytes(root);
    peaks.set(phase, Math.max(peaks.get(phase) ?? 0, b));
    (samples.get(phase) ?? samples.set(phase, []).get(phase)!).push(b);
  }, 250);
  return {
    phase: (p: string) => void (phase = p),
    peak: (p: string) => peaks.get(p) ?? 0,
    mean: (p: string) => {
      const s = samples.get(p) ?? [];
      return s.length ? s.reduce((a, b) => a + b, 0) / s.length : 0;
    },
    stop: () => clearInterval(timer),
  };
}

// --- wrk ---------------------------------------------------------------------------------------

/** US county centroids from the region registry: real points the risk pool answers for. */
function countyPoints(n: number): Array<[number, number]> {
  const lines = gunzipSync(readFileSync(join(SHARED_DATA, "jhu_csse/UID_ISO_FIPS_LookUp_Table.csv.gz")))
    .toString("utf8")
    .split("\n");
  const pts: Array<[number, number]> = [];
  for (const l of lines.slice(1)) {
    const f = l.split(",");
    // County rows: US, an Admin2 name and a 5-digit FIPS. Only Combined_Key (after Lat, Long_) is
    // quoted with commas, so the first ten fields split cleanly; a quoted Admin2 is skipped.
    if (f[1] === "US" && f[5] && !f[5].startsWith('"') && /^\d{5}$/.test(f[4]) && Number(f[8]) !== 0) pts.push([Number(f[8]), Number(f[9])]);
  }
  const step = Math.max(1, Math.floor(pts.length / n));
  const picked = pts.filter((_, i) => i % step === 0).slice(0, n);
  if (picked.length === 0) throw new Error("no county points in the lookup table");
  return picked;
}

function wrkScript(points: Array<[number, number]>): string {
  const file = join(mkdtempSync(join(tmpdir(), "covidmesh-wrk-")), "risk.lua");
  const list = points.map(([lat, lon]) => `"/v1/risk?lat=${lat.toFixed(4)}&lon=${lon.toFixed(4)}"`).join(",\n");
  writeFileSync(
    file,
    `local paths = {${list}}
local i = 0
request = function()
  i = i + 1
  local g = ${MISS ? "(i * 7919) % 100000 + 1" : "(i % 4) * 10 + 10"}
  return wrk.format("GET", paths[(i % #paths) + 1] .. "&groupSize=" .. g)
end
`,
  );
  return file;
}

interface WrkResult {
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  timeouts: number;
  socketErrors: number;
  non2xx: number;
}

const toMs = (v: string) => {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(v.trim());
  if (!m) return NaN;
  return Number(m[1]) * ({ us: 0.001, ms: 1, s: 1000, m: 60_000 } as Record<string, number>)[m[2]];
};

function parseWrk(out: string): WrkResult {
  const pct = (p: string) => toMs(new RegExp(`^\\s+${p}%\\s+(\\S+)`, "m").exec(out)?.[1] ?? "");
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    requests: Number(/(\d+) requests in/.exec(out)?.[1] ?? 0),
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0),
    p50Ms: pct("50"),
    p99Ms: pct("99"),
    maxMs: toMs(/Latency\s+\S+\s+\S+\s+(\S+)/.exec(out)?.[1] ?? ""),
    timeouts: sock ? Number(sock[4]) : 0,
    socketErrors: sock ? Number(sock[1]) + Number(sock[2]) + Number(sock[3]) : 0,
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
  };
}

/** wrk until stopped (SIGINT makes it print its summary). Timeout 2 s: the gateway's mesh deadline. */
function startWrk(url: string, script: string) {
  const proc = Bun.spawn(["wrk", "-t2", `-c${CONNECTIONS}`, "-d3600s", "--timeout", "2s", "--latency", "-s", script, url], { stdout: "pipe", stderr: "pipe" });
  return {
    async stop(): Promise<WrkResult> {
      proc.kill("SIGINT");
      const out = await new Response(proc.stdout).text();
      const err = await new Response(proc.stderr).text();
      await proc.exited;
      const r = parseWrk(out);
      if (r.requests === 0) throw new Error(`wrk measured nothing:\n${out}\n${err}`);
      return r;
    },
  };
}

// --- the run -----------------------------------------------------------------------------------

/**
 * Resolves with the first line of `logFile` matching `match`. The system writes its log straight
 * to that file, as `npm start > file` would: through a pipe read by this process the gateway's
 * synchronous log writes (one access-log line per request) would wait for this process to drain
 * it, and under load that wait was up to half of the gateway's samples in a profile.
 */
async function waitForLine(logFile: string, match: RegExp, timeoutMs: number, exited: Promise<number>): Promise<string> {
  let exitCode: number | null = null;
  void exited.then((c) => (exitCode = c));
  const deadline = Date.now() + timeoutMs;
  let read = 0;
  let rest = "";
  for (;;) {
    const text = readFileSync(logFile).subarray(read);
    read += text.length;
    rest += text.toString("utf8");
    const lines = rest.split("\n");
    rest = lines.pop() ?? "";
    const found = lines.find((l) => match.test(l));
    if (found) return found;
    if (exitCode !== null) throw new Error(`covid-mesh start exited with code ${exitCode} (log: ${logFile})`);
    if (Date.now() > deadline) throw new Error(`no line matching ${match} within ${timeoutMs} ms (log: ${logFile})`);
    await Bun.sleep(200);
  }
}

const dataDir = mkdtempSync(join(tmpdir(), "covidmesh-startbench-"));
const logFile = join(dataDir, "start.log");
writeFileSync(logFile, "");
const port = await freePort();
const started = performance.now();
const start = Bun.spawn([process.execPath, join(ROOT, "cli/main.ts"), "start"], {
  cwd: ROOT,
  // Stalls are counted per process below; BENCH_NATS_URL / BENCH_DATABASE_URL run it on servers.
  env: benchSystemEnv(dataDir, port, {
    LOOP_STALL_WARN_MS: process.env.LOOP_STALL_WARN_MS ?? BENCH_STALL_MS,
    NATS_URL: process.env.BENCH_NATS_URL ?? "",
    DATABASE_URL: process.env.BENCH_DATABASE_URL ?? "",
  }),
  stdout: Bun.file(logFile),
  stderr: "inherit",
});
const rss = rssSampler(start.pid);
try {
  const ready = await waitForLine(logFile, /covid-mesh is ready at/, 1_800_000, start.exited);
  const readyS = (performance.now() - started) / 1000;
  console.log(`ready after ${readyS.toFixed(1)} s: ${ready}`);
  const url = `http://127.0.0.1:${port}`;
  const natsUrl = process.env.BENCH_NATS_URL || readRecordedNatsUrl(dataDir)!;
  const mesh = await connectMesh({ servers: natsUrl.split(","), name: "bench", contract: createContract("") });
  const events = watchRiskEvents(mesh, QUIET_MS);
  // Let the recompute that follows the sample finish: the window below is the re-ingest alone.
  await events.settled(0, 1_800_000);
  console.log(`sample recompute settled ${((performance.now() - started) / 1000).toFixed(1)} s after start`);

  const script = wrkScript(countyPoints(200));
  rss.phase("reingest");
  const wrk = startWrk(url, script);
  const t0 = performance.now();
  const windowFrom = Date.now();
  const jobs = await Promise.all(
    [CASES, DEATHS].map(async (file, i) => (await submitIngest(mesh, { source: i === 0 ? "jhu-us-cases" : "jhu-us-deaths", file }, { timeoutMs: 3_600_000 })).done),
  );
  const ingestS = (performance.now() - t0) / 1000;
  const regionDays = jobs.reduce((n, j) => n + (j.counts ? j.counts.accepted + j.counts.unchanged + j.counts.revised : 0), 0);
  const jobsDoneAt = Date.now();
  await events.settled(jobsDoneAt - 1, 3_600_000);
  const windowS = (performance.now() - t0) / 1000;
  const loaded = await wrk.stop();
  const windowTo = Date.now();

  rss.phase("steady");
  const steadyWrk = startWrk(url, script);
  await Bun.sleep(STEADY_S * 1000);
  const steady = await steadyWrk.stop();
  const steadyTo = Date.now();
  rss.stop();

  const gb = (b: number) => (b / 1024 ** 3).toFixed(2);
  const report = {
    mode: {
      nats: process.env.BENCH_NATS_URL ? "external" : "embedded",
      database: process.env.BENCH_DATABASE_URL ? "postgres" : "pglite",
      cache: MISS ? "miss" : "hit",
      connections: CONNECTIONS,
    },
    readyS,
    ingest: { jobs: jobs.map((j) => ({ jobId: j.jobId, state: j.state, ...j.counts })), regionDays, seconds: ingestS, regionDaysPerS: Math.round(regionDays / ingestS) },
    reingestWindowS: windowS,
    riskDuringReingest: loaded,
    riskSteady: steady,
    loopStallsDuringReingest: stallsBetween(logFile, windowFrom, windowTo),
    loopStallsSteady: stallsBetween(logFile, windowTo, steadyTo),
    rssGB: { peakStart: gb(rss.peak("start")), peakReingest: gb(rss.peak("reingest")), steadyMean: gb(rss.mean("steady")), steadyMax: gb(rss.peak("steady")) },
    loadavg: readFileSync("/proc/loadavg", "utf8").trim(),
  };
  console.log(JSON.stringify(report, null, 2));
  console.log(`event-loop stalls during re-ingest + recompute: ${stallText(report.loopStallsDuringReingest)}`);
  console.log(`event-loop stalls, steady: ${stallText(report.loopStallsSteady)}`);
  console.log(
    `/v1/risk during re-ingest + recompute (${windowS.toFixed(0)} s): p99 ${loaded.p99Ms.toFixed(1)} ms, ${loaded.timeouts} timeouts, ${loaded.non2xx} non-2xx, ${loaded.rps.toFixed(0)} req/s; ` +
      `steady: p99 ${steady.p99Ms.toFixed(1)} ms, ${steady.timeouts} timeouts; ` +
      `RSS peak ${report.rssGB.peakStart} GB (start) / ${report.rssGB.peakReingest} GB (re-ingest), steady ${report.rssGB.steadyMean} GB; ` +
      `ingest ${report.ingest.regionDaysPerS} region-days/s`,
  );
  await mesh.close();
} finally {
  rss.stop();
  start.kill("SIGINT");
  await start.exited;
  if (!process.env.BENCH_KEEP) rmSync(dataDir, { recursive: true, force: true });
  else console.log(`kept ${dataDir} (log: ${logFile})`);
}
