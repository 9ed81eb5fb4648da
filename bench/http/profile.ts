// One process with the gateway and the exposure-risk worker on the bundled sample (the shared
// NATS server, a unique subject prefix), loaded by wrk for a few seconds, then exits: run it
// under Bun's CPU profiler to see where a /v1/risk request's time goes end to end.
//
//   bun --cpu-prof --cpu-prof-md --cpu-prof-dir=/tmp/prof bench/http/profile.ts [bypass|random|hit] [silent|info]
//
// The second argument is the gateway's log level (default silent): `info` writes the access log
// (one line per request, as `npm start` writes it: mesh/logger.ts) to a temporary file, part of a
// request's cost under `npm start`.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { logDestination } from "../../mesh/mod.ts";
import { connectTestMesh, uniqueContract } from "../../mesh/testSupport.ts";
import { startExposureRiskWorker } from "../../workers/exposure-risk/main.ts";
import { fakeStorage, loadSample } from "../../workers/exposure-risk/testSupport.ts";
import { startGateway } from "../../gateway/main.ts";
import { populationWeightedCountyPoints } from "./points.ts";
import { ensureWrk, fixedPathLua, randomPointsLua, runWrk } from "./wrk.ts";

const mode = process.argv[2] ?? "bypass";
const level = process.argv[3] ?? "silent";
const logFile = join(mkdtempSync(join(tmpdir(), "covidmesh-profile-")), "gateway.log");
const logger = pino({ name: "covid-mesh", level, base: { service: "covid-mesh", pid: process.pid } }, logDestination(logFile));
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const contract = uniqueContract("prof");
const sample = await loadSample();
const [gatewayMesh, workerMesh] = await Promise.all([connectTestMesh(contract, "gateway"), connectTestMesh(contract, "exposure-risk")]);
const worker = await startExposureRiskWorker({ mesh: workerMesh, storage: fakeStorage(sample.regions, { "jhu-us": sample.series }), ascertainment: 5 });
// The risk-model recompute that follows the first snapshot must not share the CPU with the load.
await worker.riskModelsIdle();
const gateway = await startGateway({ mesh: gatewayMesh, port: 0, hostname: "127.0.0.1", requestTimeoutMs: 5000, rateLimit: { ratePerSecond: 0, burst: 1 }, logger });
const { points } = populationWeightedCountyPoints(2000);
const lua =
  mode === "hit"
    ? fixedPathLua("/v1/risk?lat=41.8781&lon=-87.6298&groupSize=50")
    : randomPointsLua(points, { jitterDeg: 0.01, groupSize: 50, headers: mode === "bypass" ? { "Cache-Control": "no-cache" } : {} });
// The profile's clock starts with the process: the load's window, for cpuprofileTop.ts.
const loadStart = performance.now();
// CPU time of this process (gateway + pool) per request: on a shared machine the wall-clock rate
// measures the neighbours as much as the code, CPU per request much less so.
const cpuStart = process.cpuUsage();
const batchStart = gateway.riskBatchStats();
const r = await runWrk(await ensureWrk(), { url: gateway.url, lua, seconds, connections: 64, threads: 2 });
console.log(`load window: ${Math.round(loadStart)} ${Math.round(performance.now())} (ms since start)`);
const cpu = process.cpuUsage(cpuStart);
const cpuPerRequest = (cpu.user + cpu.system) / r.requests;
console.log(
  `${mode} (log ${level}): ${Math.round(r.rps)} req/s, p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms, ${r.requests} requests, ${r.errors} errors, ${r.non2xx} non-2xx; ${cpuPerRequest.toFixed(1)} µs of CPU per request`,
);
const batches = gateway.riskBatchStats();
const [nBatches, nCalls] = [batches.batches - batchStart.batches, batches.calls - batchStart.calls];
if (nBatches > 0) console.log(`mesh micro-batches: ${nBatches}, ${nCalls} queries, ${(nCalls / nBatches).toFixed(1)} per batch`);
await gateway.stop();
await worker.stop();
await Promise.all([gatewayMesh.close(), workerMesh.close()]);
process.exit(0);
