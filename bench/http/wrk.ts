// wrk (Debian package `wrk`) as the load generator: a C event loop that needs far less CPU per
// request than a JS client, so on a small machine it measures the server, not itself. A Lua
// script picks each request's path and reports the figures as one JSON line from done().
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export class WrkUnavailableError extends Error {
  override name = "WrkUnavailableError";
}

export class WrkFailedError extends Error {
  override name = "WrkFailedError";
}

/** wrk on PATH, installed with apt-get when missing (as root, or through sudo). */
export async function ensureWrk(): Promise<string> {
  const found = Bun.which("wrk");
  if (found) return found;
  const root = process.getuid?.() === 0;
  const apt = root ? ["apt-get"] : ["sudo", "-n", "apt-get"];
  console.log("wrk is not installed: installing the Debian package with apt-get");
  for (const args of [
    ["update", "-qq"],
    ["install", "-y", "-qq", "wrk"],
  ]) {
    const p = Bun.spawn([...apt, ...args], { stdout: "inherit", stderr: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
    if ((await p.exited) !== 0) throw new WrkUnavailableError(`apt-get ${args.join(" ")} failed: install wrk (apt-get install wrk) and run again`);
  }
  const installed = Bun.which("wrk");
  if (!installed) throw new WrkUnavailableError("wrk is still not on PATH after apt-get install wrk");
  return installed;
}

export interface WrkRun {
  url: string;
  /** Lua that defines `request` (and may use `init`); the figures' reporting is appended. */
  lua: string;
  seconds: number;
  connections: number;
  threads: number;
}

export interface WrkResult {
  rps: number;
  requests: number;
  /** Socket errors and timeouts. */
  errors: number;
  /** Requests that got no answer within wrk's --timeout (5 s), part of `errors`. */
  timeouts: number;
  /** Answers with a status other than 2xx/3xx. */
  non2xx: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /** wrk's own output, as printed. */
  raw: string;
}

const DONE_LUA = `
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH_JSON {\\"requests\\":%d,\\"durationUs\\":%d,\\"errors\\":%d,\\"timeouts\\":%d,\\"non2xx\\":%d,\\"p50\\":%d,\\"p90\\":%d,\\"p99\\":%d,\\"max\\":%d}\\n",
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.timeout, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
`;

let scriptDir: string | null = null;

function wrkArgs(wrk: string, run: WrkRun): string[] {
  scriptDir ??= mkdtempSync(join(tmpdir(), "covidmesh-wrk-"));
  const script = join(scriptDir, `s${Math.random().toString(36).slice(2, 8)}.lua`);
  writeFileSync(script, `${run.lua}\n${DONE_LUA}`);
  return [wrk, `-t${run.threads}`, `-c${run.connections}`, `-d${run.seconds}s`, "--latency", "--timeout", "5s", "-s", script, run.url];
}

async function wrkResult(proc: Bun.Subprocess<"ignore", "pipe", "pipe">, args: string[], url: string): Promise<WrkResult> {
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  const line = out.split("\n").find((l) => l.startsWith("BENCH_JSON "));
  if (!line || (code !== 0 && proc.signalCode !== "SIGINT")) throw new WrkFailedError(`wrk exited ${code}: ${err.trim() || out.trim()}`);
  const j = JSON.parse(line.slice("BENCH_JSON ".length)) as Record<string, number>;
  const raw = `$ ${args.slice(0, -3).join(" ")} -s <script> ${url}\n${out.replace(`${line}\n`, "").trimEnd()}`;
  return {
    rps: j.requests / (j.durationUs / 1e6),
    requests: j.requests,
    errors: j.errors,
    timeouts: j.timeouts,
    non2xx: j.non2xx,
    p50Ms: j.p50 / 1000,
    p90Ms: j.p90 / 1000,
    p99Ms: j.p99 / 1000,
    maxMs: j.max / 1000,
    raw,
  };
}

export async function runWrk(wrk: string, run: WrkRun): Promise<WrkResult> {
  const args = wrkArgs(wrk, run);
  return wrkResult(Bun.spawn(args, { stdout: "pipe", stderr: "pipe" }), args, run.url);
}

/** wrk until stop() (SIGINT: wrk ends the run and reports it); `run.seconds` is only an upper bound. */
export function startWrk(wrk: string, run: WrkRun): { stop(): Promise<WrkResult> } {
  const args = wrkArgs(wrk, run);
  const proc = Bun.spawn(args, { stdout: "pipe", stderr: "pipe" });
  return {
    stop() {
      proc.kill("SIGINT");
      return wrkResult(proc, args, run.url);
    },
  };
}

/** Lua for one fixed path, with optional request headers. */
export function fixedPathLua(path: string, headers: Record<string, string> = {}): string {
  const h = Object.entries(headers)
    .map(([k, v]) => `wrk.headers[${luaString(k)}] = ${luaString(v)}`)
    .join("\n");
  return `${h}\nlocal req = nil\nrequest = function()\n  if not req then req = wrk.format("GET", ${luaString(path)}) end\n  return req\nend`;
}

/**
 * Lua for a new coordinate every request: one of `points` picked at random, moved by up to
 * ±jitter/2 degrees in each direction (so most requests near one point share its county).
 */
export function randomPointsLua(points: ReadonlyArray<readonly [number, number]>, opts: { jitterDeg: number; groupSize: number; headers?: Record<string, string> }): string {
  const table = points.map(([lat, lon]) => `{${lat.toFixed(5)},${lon.toFixed(5)}}`).join(",");
  const h = Object.entries(opts.headers ?? {})
    .map(([k, v]) => `wrk.headers[${luaString(k)}] = ${luaString(v)}`)
    .join("\n");
  return `${h}
local pts = {${table}}
local n = #pts
local jitter = ${opts.jitterDeg}
init = function(args)
  -- Each thread its own sequence: wrk's threads would otherwise send the same coordinates.
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
end
request = function()
  local p = pts[math.random(n)]
  local lat = p[1] + (math.random() - 0.5) * jitter
  local lon = p[2] + (math.random() - 0.5) * jitter
  return wrk.format("GET", string.format("/v1/risk?lat=%.6f&lon=%.6f&groupSize=${opts.groupSize}", lat, lon))
end`;
}

const luaString = (s: string) => JSON.stringify(s);
