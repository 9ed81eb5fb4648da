import { createTempDatabase, createPostgresStorage } from "../sql/mod.ts";
const db = await createTempDatabase("covidmesh_probe");
const s = createPostgresStorage(db.url, { max: Number(process.env.POOL ?? 4) });
await s.migrate();
const regions = 3340, days = 344, B = 32768;
const total = regions * days;
function batch(i: number, metric: "c" | "d") {
  const n = Math.min(B, total - i * B);
  const regionId = new Int32Array(n), day = new Int32Array(n), a = new Float64Array(n), b = new Float64Array(n);
  for (let k = 0; k < n; k++) { const g = i * B + k; regionId[k] = 84000000 + Math.floor(g / days); day[k] = 18000 + (g % days); a[k] = g; b[k] = 1; }
  return metric === "c" ? { regionId, day, cumCases: a, newCases: b } : { regionId, day, cumDeaths: a, newDeaths: b };
}
const nb = Math.ceil(total / B);
const conc = Number(process.env.CONC ?? 4);
for (const metric of ["c", "d", "c"] as const) {
  const t0 = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: conc }, async () => { while (next < nb) { const i = next++; await s.applyObservations(`job-${metric}-${t0}`, i, "jhu-us", batch(i, metric)); } }));
  const secs = (performance.now() - t0) / 1000;
  console.log(metric, total, secs.toFixed(2), Math.round(total / secs));
}
await s.close(); await db.drop();
