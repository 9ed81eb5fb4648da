import postgres from "postgres";
import { createTempDatabase } from "../sql/mod.ts";
const db = await createTempDatabase("covidmesh_probe");
const sql = postgres(db.url, { max: 4, onnotice: () => {} });
await sql`create table oc (source text not null, metric text not null, region_id int not null, day date not null, cum float8, new float8, revision int not null default 0, updated_at timestamptz not null default now(), primary key (source, metric, region_id, day))`;
const regions = 3340, days = 344, B = 32768, total = regions * days, nb = Math.ceil(total / B);
const PG_EPOCH_DAYS = 10957;
function encode(i: number): Uint8Array {
  const n = Math.min(B, total - i * B);
  const rowBytes = 2 + 8 + 8 + 12 + 12;
  const buf = new Uint8Array(19 + n * rowBytes + 2);
  const dv = new DataView(buf.buffer);
  buf.set([80, 71, 67, 79, 80, 89, 10, 255, 13, 10, 0], 0);
  let o = 19;
  for (let k = 0; k < n; k++) {
    const g = i * B + k;
    dv.setInt16(o, 4); o += 2;
    dv.setInt32(o, 4); dv.setInt32(o + 4, 84000000 + Math.floor(g / days)); o += 8;
    dv.setInt32(o, 4); dv.setInt32(o + 4, 18000 + (g % days) - PG_EPOCH_DAYS); o += 8;
    dv.setInt32(o, 8); dv.setFloat64(o + 4, g); o += 12;
    dv.setInt32(o, 8); dv.setFloat64(o + 4, 1); o += 12;
  }
  dv.setInt16(o, -1);
  return buf;
}
const conc = Number(process.env.CONC ?? 2);
for (const metric of ["cases", "deaths"]) {
  const t0 = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: conc }, async () => {
    while (next < nb) {
      const i = next++;
      const buf = encode(i);
      await sql.begin(async (tx) => {
        await tx.unsafe(`create temp table if not exists stage (region_id int, day date, cum float8, new float8) on commit delete rows`);
        const w = await tx.unsafe(`copy stage (region_id, day, cum, new) from stdin (format binary)`).writable();
        await new Promise<void>((res, rej) => { w.on("error", rej); w.on("finish", res); w.end(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength)); });
        await tx.unsafe(`insert into oc (source, metric, region_id, day, cum, new) select 'jhu-us', '${metric}', region_id, day, cum, new from stage`);
      });
    }
  }));
  const secs = (performance.now() - t0) / 1000;
  console.log(metric, total, secs.toFixed(2), Math.round(total / secs));
}
await sql.end(); await db.drop();
