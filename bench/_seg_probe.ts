import postgres from "postgres";
import { createTempDatabase, createPostgresStorage } from "../sql/mod.ts";
const db = await createTempDatabase("covidmesh_probe");
const s = createPostgresStorage(db.url, { max: 4 });
await s.migrate();
const regions = 3340, days = 344, B = 32768, total = regions * days, nb = Math.ceil(total / B);
const batches = Array.from({ length: nb }, (_, i) => {
  const n = Math.min(B, total - i * B);
  const regionId = new Int32Array(n), day = new Int32Array(n), a = new Float64Array(n), b = new Float64Array(n);
  for (let k = 0; k < n; k++) { const g = i * B + k; regionId[k] = 84000000 + Math.floor(g / days); day[k] = 18000 + (g % days); a[k] = g; b[k] = 1; }
  return { regionId, day, cumCases: a, newCases: b };
});
const t0 = performance.now();
let next = 0;
await Promise.all(Array.from({ length: Number(process.env.CONC ?? 2) }, async () => { while (next < nb) { const i = next++; await s.applyObservations(`job-x`, i, "jhu-us", batches[i]); } }));
const secs = (performance.now() - t0) / 1000;
console.log(total, secs.toFixed(2), Math.round(total / secs));
await s.close(); await db.drop();
