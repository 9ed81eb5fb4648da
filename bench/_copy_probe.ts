import postgres from "postgres";
import { createTempDatabase } from "../sql/mod.ts";
const db = await createTempDatabase("covidmesh_probe");
const sql = postgres(db.url, { max: 4, onnotice: () => {} });
await sql`create table oc (source text not null, metric text not null, region_id int not null, day date not null, cum float8, new float8, revision int not null default 0, updated_at timestamptz not null default now(), primary key (source, metric, region_id, day))`;
const regions = 3340, days = 344, B = 32768, total = regions * days, nb = Math.ceil(total / B);
const PG_EPOCH_DAYS = 10957; // 2000-01-01 in days since 1970
function encode(i: number, source: string, metric: string): Uint8Array {
  const n = Math.min(B, total - i * B);
  const src = new TextEncoder().encode(source), met = new TextEncoder().encode(metric);
  const rowBytes = 2 + (4 + src.length) + (4 + met.length) + 8 + 8 + 12 + 12;
  const buf = new Uint8Array(19 + n * rowBytes + 2);
  const dv = new DataView(buf.buffer);
  buf.set([80, 71, 67, 79, 80, 89, 10, 255, 13, 10, 0], 0); // PGCOPY\n\377\r\n\0
  let o = 19;
  for (let k = 0; k < n; k++) {
    const g = i * B + k;
    dv.setInt16(o, 6); o += 2;
    dv.setInt32(o, src.length); o += 4; buf.set(src, o); o += src.length;
    dv.setInt32(o, met.length); o += 4; buf.set(met, o); o += met.length;
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
  let next = 0, encMs = 0;
  await Promise.all(Array.from({ length: conc }, async () => {
    while (next < nb) {
      const i = next++;
      const te = performance.now(); const buf = encode(i, "jhu-us", metric); encMs += performance.now() - te;
      await sql.begin(async (tx) => {
        const w = await tx`copy oc (source, metric, region_id, day, cum, new) from stdin (format binary)`.writable();
        await new Promise<void>((res, rej) => { w.on("error", rej); w.on("finish", res); w.end(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength)); });
      });
    }
  }));
  const secs = (performance.now() - t0) / 1000;
  console.log(metric, total, secs.toFixed(2), Math.round(total / secs), "encode ms", encMs.toFixed(0));
}
const [{ n }] = await sql`select count(*)::int n from oc`; console.log(n);
await sql.end(); await db.drop();
