// Closed-loop HTTP load generator, run as its own process so it does not share the
// gateway's event loop: N workers each send the next request when the last one answers.
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    url: { type: "string" },
    seconds: { type: "string", default: "10" },
    concurrency: { type: "string", default: "32" },
    paths: { type: "string" },
    // Cache-miss mode: every request gets a groupSize no earlier request used, so the gateway's
    // edge cache cannot answer and each request crosses the mesh.
    "unique-group-size": { type: "boolean", default: false },
  },
});
const unique = values["unique-group-size"]!;
let nextGroupSize = 1;
const base = values.url!;
const paths = values.paths!.split("|");
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);

const latencies: number[] = [];
const statuses = new Map<number, number>();
let errors = 0;
const deadline = performance.now() + seconds * 1000;

async function worker(id: number): Promise<void> {
  let i = id;
  while (performance.now() < deadline) {
    let path = paths[i++ % paths.length];
    if (unique) path = path.replace(/groupSize=\d+/, `groupSize=${(nextGroupSize++ % 100_000) + 1}`);
    const t0 = performance.now();
    try {
      const res = await fetch(base + path);
      await res.arrayBuffer();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status !== 200) errors++;
    } catch {
      errors++;
    }
    latencies.push(performance.now() - t0);
  }
}

const t0 = performance.now();
await Promise.all(Array.from({ length: concurrency }, (_, i) => worker(i)));
const elapsed = (performance.now() - t0) / 1000;
latencies.sort((a, b) => a - b);
const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
console.log(
  JSON.stringify({
    requests: latencies.length,
    errors,
    seconds: elapsed,
    rps: latencies.length / elapsed,
    p50: q(0.5),
    p99: q(0.99),
    statuses: Object.fromEntries(statuses),
  }),
);
