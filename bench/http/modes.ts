// The bench's measurements, each a named mode: what it loads, how, and the target it is held
// to. A mode gets the shared context and returns its wrk figures; http.ts runs the ones asked
// for (BENCH_MODES) and prints each as a ratio to the bare route. New measurements (e.g. the
// runtime's "during a full re-ingest") are one more entry here.
import { join } from "node:path";
import type { RunningSystem } from "./system.ts";
import { fixedPathLua, randomPointsLua, runWrk, type WrkResult } from "./wrk.ts";

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
}

export interface Mode {
  name: string;
  title: string;
  target: Target;
  /** Not run unless named in BENCH_MODES. */
  optIn?: boolean;
  run(ctx: BenchContext): Promise<ModeResult>;
}

const GROUP = 50;
const CHICAGO = `/v1/risk?lat=41.8781&lon=-87.6298&groupSize=${GROUP}`;
/** ±0.025°: up to about 2.5 km each way, so most requests fall in the county of their start point. */
export const JITTER_DEG = 0.05;

const load = (ctx: BenchContext, url: string, lua: string, seconds = ctx.seconds) => runWrk(ctx.wrk, { url, lua, seconds, connections: ctx.connections, threads: ctx.threads });

export const modes: Mode[] = [
  {
    name: "hit",
    title: "/v1/risk, one repeated point: an edge-cache hit",
    target: { minRatio: 0.4 },
    async run(ctx) {
      const warm = await fetch(ctx.system.url + CHICAGO);
      if (warm.status !== 200) throw new Error(`warm-up of ${CHICAGO} answered ${warm.status}`);
      return { result: await load(ctx, ctx.system.url, fixedPathLua(CHICAGO)) };
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
      return {
        result: await load(ctx, ctx.system.url, lua),
        notes: [`warm-up run before it: ${Math.round(warm.rps)} req/s, p99 ${warm.p99Ms.toFixed(2)} ms, ${warm.requests} requests`],
      };
    },
  },
  {
    name: "bypass",
    title: "/v1/risk, random US points with Cache-Control: no-cache: every request through the mesh",
    target: { minRatio: 0.15, maxP99Ms: 20 },
    async run(ctx) {
      const lua = randomPointsLua(ctx.points, { jitterDeg: JITTER_DEG, groupSize: GROUP, headers: { "Cache-Control": "no-cache" } });
      return { result: await load(ctx, ctx.system.url, lua) };
    },
  },
  {
    name: "reingest",
    title: "/v1/risk, random US points during a full re-ingest of the JHU US cases (npm start)",
    target: { maxP99Ms: 50 },
    optIn: true,
    async run(ctx) {
      const file = join(ctx.sharedData, "jhu_csse/time_series_covid19_confirmed_US.csv.gz");
      const ingest = Bun.spawn([process.execPath, join(ctx.root, "cli/main.ts"), "ingest", "jhu-us-cases", "--file", file, "--wait", "--quiet"], {
        cwd: ctx.root,
        env: { ...process.env, DATA_DIR: ctx.system.dataDir, NATS_URL: undefined, DATABASE_URL: undefined },
        stdout: "pipe",
        stderr: "pipe",
      });
      let peak = 0;
      const sampler = setInterval(() => (peak = Math.max(peak, ctx.system.rss().total)), 250);
      const started = performance.now();
      try {
        const result = await load(ctx, ctx.system.url, randomPointsLua(ctx.points, { jitterDeg: JITTER_DEG, groupSize: GROUP }), Math.max(ctx.seconds, 30));
        const code = await Promise.race([ingest.exited, Bun.sleep(1).then(() => null)]);
        return {
          result,
          notes: [
            `re-ingest: ${code === null ? "still running when the load ended" : `exited ${code} after ${((performance.now() - started) / 1000).toFixed(1)} s`}`,
            `peak RSS of the system's processes during it: ${(peak / 2 ** 20).toFixed(0)} MiB`,
          ],
        };
      } finally {
        clearInterval(sampler);
        ingest.kill();
      }
    },
  },
];
