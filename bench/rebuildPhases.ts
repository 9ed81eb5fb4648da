// Where a risk snapshot rebuild holds the event loop: opens a DATA_DIR's PGlite on a worker
// thread (as the storage child does) and times each phase of a rebuild + recompute, with the
// longest gap a 5 ms ticker saw during it (the longest the event loop was held).
//   bun bench/rebuildPhases.ts <DATA_DIR>
import { join } from "node:path";
import { openStorage } from "../sql/mod.ts";
import { buildSnapshot } from "../workers/exposure-risk/snapshot.ts";
import { computeRiskModels, persistRiskModels } from "../workers/exposure-risk/compute/mod.ts";
import { observationDatasets } from "../cli/datasets.ts";

const dir = process.argv[2];
const storage = openStorage({ PGLITE_DIR: join(dir, "pglite") }, { pgliteThread: true });
await storage.migrate();
let last = performance.now();
let maxGap = 0;
const tick = setInterval(() => {
  const now = performance.now();
  maxGap = Math.max(maxGap, now - last);
  last = now;
}, 5);
async function phase<T>(name: string, fn: () => Promise<T> | T): Promise<T> {
  await Bun.sleep(50);
  maxGap = 0;
  last = performance.now();
  const t0 = performance.now();
  const out = await fn();
  console.log(`${name}: ${(performance.now() - t0).toFixed(0)} ms wall, event loop held up to ${maxGap.toFixed(0)} ms`);
  return out;
}
const ds = observationDatasets();
await phase("listRegions", () => storage.listRegions());
await phase("loadObservationSeries jhu-us", () => storage.loadObservationSeries("jhu-us"));
const snap = await phase("buildSnapshot (all)", () => buildSnapshot(storage, ds));
console.log(`regions with series: ${snap.series.size}`);
const models = await phase("computeRiskModels", () => computeRiskModels(snap.series.values(), { ascertainment: 5 }));
await phase("persistRiskModels", () => persistRiskModels(storage, models, (id) => snap.regions.get(id)));
clearInterval(tick);
await storage.close();
