// The gateway's own cost per /v1/risk request, without sockets or a load generator: app.fetch in
// a loop on a fake mesh whose frame has real centres (every request of `hit` is an edge-cache
// hit; `random` locates a new point each time). A quick way to compare changes to the hot path
// before the wrk bench; run it under `bun --cpu-prof` for a profile of the gateway alone.
//
//   bun bench/http/inProcess.ts [hit|random] [requests] [logger: silent|info]
import pino from "pino";
import { riskFrameOf } from "../../mesh/mod.ts";
import { createApp } from "../../gateway/app.ts";
import { warmPointRegions } from "../../gateway/risk/pointRegions.ts";
import { fakeMesh, riskAnswer } from "../../gateway/testSupport.ts";
import { populationWeightedCountyPoints } from "./points.ts";

const mode = process.argv[2] ?? "hit";
const n = Number(process.argv[3] ?? 200_000);
const level = process.argv[4] ?? "silent";
// An access log that formats each line as in production but writes it nowhere.
const logger = pino({ level }, { write: () => {} });
// Every region of the answer has a centre: the frame is shared by the region, as in production.
const mesh = fakeMesh({ risk: async (q) => riskFrameOf({ ...riskAnswer, eventRisk: { ...riskAnswer.eventRisk, groupSize: q.groupSize } }, () => [40.7, -74]) });
const app = createApp({ mesh, requestTimeoutMs: 5000, rateLimit: { ratePerSecond: 0, burst: 1 }, logger });
warmPointRegions();
const { points } = populationWeightedCountyPoints(2000);
const urls =
  mode === "hit"
    ? ["http://127.0.0.1/v1/risk?lat=41.8781&lon=-87.6298&groupSize=50"]
    : Array.from({ length: 5000 }, (_, i) => {
        const [lat, lon] = points[i % points.length];
        return `http://127.0.0.1/v1/risk?lat=${(lat + (Math.random() - 0.5) * 0.02).toFixed(5)}&lon=${(lon + (Math.random() - 0.5) * 0.02).toFixed(5)}&groupSize=50`;
      });

async function run(count: number): Promise<number> {
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const res = await app.fetch(new Request(urls[i % urls.length]));
    bytes += (await res.arrayBuffer()).byteLength;
  }
  return bytes;
}

await run(Math.min(n, 20_000)); // JIT and cache warm-up
// CPU time as well as wall time: on a shared machine the wall clock measures the neighbours.
const started = performance.now();
const cpu = process.cpuUsage();
const bytes = await run(n);
const ms = performance.now() - started;
const used = process.cpuUsage(cpu);
const cpuUs = (used.user + used.system) / n;
console.log(`${mode}: ${cpuUs.toFixed(2)} µs CPU/request, ${((ms * 1000) / n).toFixed(2)} µs wall/request (${Math.round(bytes / n)} B/body, logger ${level})`);
