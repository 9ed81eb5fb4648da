// The bench's measurements, each a named mode: what it loads, how, and the target it is held
// to. A mode gets the shared context and returns its wrk figures; http.ts runs the ones asked
// for (BENCH_MODES) and prints each as a ratio to the bare route. New measurements (e.g. the
// runtime's "during a full re-ingest") are one more entry here.
import { join } from "node:path";
import type { RunningSystem } from "./system.ts";
import { fixedPathLua, randomPointsLua, runWrk, startWrk, type WrkResult } from "./wrk.ts";
import { connectMesh, createContract } from "../../mesh/mod.ts";
import { readRecordedNatsUrl } from "../../cli/localNats.ts";
import { submitIngest } from "../../cli/ingestClient.ts";
import { stallsBetween, stallText } from "./loopStalls.ts";
import { watchRiskEvents } from "../riskSettled.ts";
import { peakText, type RssPeak, trackRssPeak } from "./rssPeak.ts";
import { lastLogLineBefore } from "./logLines.ts";
import { readFileSync } from "node:fs";

export interface BenchContext {
  root: string;
  wrk: string;
  bareUrl: string;
  system: RunningSystem;
  seconds: number;
  connections: number;
  threads: number;
  points: ReadonlyArray<readonly [number, number]>;
  sharedData: string;
  log: (line: string) => void;
}

export interface Target {
  /** Minimum req/s as a fraction of the bare route's. */
  minRatio?: number;
  maxP99Ms?: number;
}

export interface ModeResult {
  result: WrkResult;
  /** Figures the mode adds (e.g. the peak RSS during a re-ingest). */
  notes?: string[];
  /** The highest RSS of the system's processes during the mode, where it tracks one. */
  peakRss?: RssPeak;
}

export interface Mode {
  name: string;
  title: string;
  target: Target;
  /** Changes the data (a re-ingest): runs after the steady-state memory reading. */
  changesData?: boolean;
  run(ctx: BenchContext): Promise<ModeResult>;
}

const GROUP = 50;
const CHICAGO = `/v1/risk?lat=41.8781&lon=-87.6298&groupSize=${GROUP}`;
/** ±0.025°: up to about 2.5 km each way, so most requests fall in the county of their start point. */
export const JITTER_DEG = 0.05;

const load = (ctx: BenchContext, url: string, lua: string, seconds = ctx.seconds) => runWrk(ctx.wrk, { url, lua, seconds, connections: ctx.connections, threads: ctx.threads });

/**
 * A counted load of the system, with the CPU its processes used per request during it (all of
 * them: gateway, risk pool, nats-server): on a shared machine the rate follows the neighbours,
 * CPU per request much less.
 */
async function measured(ctx: BenchContext, lua: string): Promise<ModeResult> {
  const before = ctx.system.cpuByProcess();
  const result = await load(ctx, ctx.system.url, lua);
  const used = ctx.system.cpuByProcess().map((p) => ({ ...p, seconds: p.seconds - (before.find((b) => b.pid === p.pid)?.seconds ?? 0) }));
  const us = (s: number) => ((s * 1e6) / Math.max(1, result.requests)).toFixed(1);
  const total = used.reduce((sum, p) => sum + p.seconds, 0);
  return { result, notes: [`CPU of the system's processes: ${us(total)} µs per request (${used.map((p) => `${p.name} ${p.pid} ${us(p.seconds)}`).join(", ")})`] };
}

/** When the tree's peak and each process's own peak happened in the window, and what the log said last then. */
function peakMoments(peak: RssPeak, from: number, log: string): string[] {
  const at = (label: string, rss: number, t: number) => `${label} ${(rss / 2 ** 20).toFixed(0)} MiB at ${((t - from) / 1000).toFixed(1)} s (after "${lastLogLineBefore(log, t)}")`;
  return [`peaks in the window: ${[at("all", peak.total, peak.at), ...[...peak.maxByProcess].map(([pid, v]) => at(`${v.name} ${pid}`, v.rss, v.at))].join("; ")}`];
}

export const modes: Mode[] = [
  {
    name: "hit",
    title: "/v1/risk, one repeated point: an edge-cache hit",
    target: { minRatio: 0.4 },
    async run(ctx) {
      const warm = await fetch(ctx.system.url + CHICAGO);
      if (warm.status !== 200) throw new Error(`warm-up of ${CHICAGO} answered ${warm.status}`);
      return measured(ctx, fixedPathLua(CHICAGO));
    },
  },
  {
    name: "random",
    title: "/v1/risk, a new random US point every request (most share a county with earlier ones): geolocation and cache at the edge",
    target: { minRatio: 0.25, maxP99Ms: 15 },
    async run(ctx) {
      const lua = randomPointsLua(ctx.points, { jitterDeg: JITTER_DEG, groupSize: GROUP });
      // Fills the cache with the counties of the start points; printed, not counted.
      const warm = await load(ctx, ctx.system.url, lua);
      const { result, notes } = await measured(ctx, lua);
      return { result, notes: [`warm-up run before it: ${Math.round(warm.rps)} req/s, p99 ${warm.p99Ms.toFixed(2)} ms, ${warm.requests} requests`, ...(notes ?? [])] };
    },
  },
  {
    name: "bypass",
    title: "/v1/risk, random US points with Cache-Control: no-cache: every request through the mesh",
    target: { minRatio: 0.15, maxP99Ms: 20 },
    async run(ctx) {
      const lua = randomPointsLua(ctx.points, { jitterDeg: JITTER_DEG, groupSize: GROUP, headers: { "Cache-Control": "no-cache" } });
      return measured(ctx, lua);
    },
  },
  {
    name: "reingest",
    title: "/v1/risk, random US points during a full re-ingest of the JHU US pair (cases + deaths) and the recompute after it (npm start)",
    target: { maxP99Ms: 50 },
    changesData: true,
    async run(ctx) {
      const mesh = await connectMesh({ servers: readRecordedNatsUrl(ctx.system.dataDir)!.split(","), name: "bench-reingest", contract: createContract("") });
      const tracker = trackRssPeak(() => ctx.system.rss());
      const events = watchRiskEvents(mesh);
      const from = Date.now();
      // Load for as long as the window lasts (wrk is stopped when the recompute has settled).
      const wrk = startWrk(ctx.wrk, {
        url: ctx.system.url,
        lua: randomPointsLua(ctx.points, { jitterDeg: JITTER_DEG, groupSize: GROUP }),
        seconds: 7_200,
        connections: ctx.connections,
        threads: ctx.threads,
      });
      try {
        const t0 = performance.now();
        const jobs = await Promise.all(
          (["jhu-us-cases", "jhu-us-deaths"] as const).map(async (source) => {
            const file = join(ctx.sharedData, `jhu_csse/time_series_covid19_${source === "jhu-us-cases" ? "confirmed" : "deaths"}_US.csv.gz`);
            return (await submitIngest(mesh, { source, file }, { timeoutMs: 3_600_000 })).done;
          }),
        );
        const ingestS = (performance.now() - t0) / 1000;
        const regionDays = jobs.reduce((n, j) => n + (j.counts ? j.counts.accepted + j.counts.unchanged + j.counts.revised : 0), 0);
        await events.settled(Date.now() - 1, 3_600_000);
        const result = await wrk.stop();
        const peak = tracker.stop();
        const stalls = stallsBetween(ctx.system.logFile, from, Date.now());
        return {
          result,
          peakRss: peak,
          notes: [
            `re-ingest of the pair: ${jobs.map((j) => `${j.jobId} ${j.state}`).join(", ")}; ${regionDays} region-days in ${ingestS.toFixed(1)} s (${Math.round(regionDays / ingestS)} region-days/s, under this load); window until the recompute settled ${((performance.now() - t0) / 1000).toFixed(1)} s`,
            `timeouts (no answer within wrk's 5 s): ${result.timeouts}; socket errors: ${result.errors}; non-2xx: ${result.non2xx}`,
            `peak RSS of the system's processes during it: ${peakText(peak)}`,
            ...peakMoments(peak, from, readFileSync(ctx.system.logFile, "utf8")),
            `event-loop stalls during it: ${stallText(stalls)}`,
          ],
        };
      } catch (err) {
        await wrk.stop().catch(() => undefined);
        throw err;
      } finally {
        tracker.stop();
        await mesh.close();
      }
    },
  },
];
