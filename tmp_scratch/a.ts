import { readVintages } from "../cli/backtest/readVintages.ts";
import { readPeer } from "../cli/backtest/readPeers.ts";
import { flatBaselineForecasts } from "../cli/backtest/hospRun.ts";
import { dayFromIso } from "../models/forecast/mod.ts";
const D = "/work/shared/data/covidhub";
let t = performance.now();
const v = await readVintages(`${D}/hospital-admissions-vintages.csv.gz`);
console.log("vintages", v.versions.asOf.length, v.skipped, (performance.now()-t).toFixed(0));
t = performance.now();
const peer = await readPeer(`${D}/forecasts/CovidHub-baseline.csv.gz`);
console.log("peer", peer.name, peer.forecasts.size, (performance.now()-t).toFixed(0));
const refs = ["2024-11-30","2025-01-04","2025-03-01","2025-06-07","2025-09-06","2025-11-22"].map(dayFromIso);
t = performance.now();
const mine = flatBaselineForecasts(v.versions, refs, 20000);
console.log("mine", mine.size, (performance.now()-t).toFixed(0));
const maxDiff = [0,0,0,0,0]; const maxRel=[0,0,0,0,0]; let n=[0,0,0,0,0]; let missing = 0;
for (const [k, q] of mine) {
  const p = peer.forecasts.get(k); if (!p) { missing++; continue; }
  const h = Number(k.split("|")[2]) + 1;
  n[h]++;
  for (let i = 0; i < 23; i++) { const d = Math.abs(p[i]-q[i]); maxDiff[h] = Math.max(maxDiff[h], d); const sc = Math.max(1, p[22]-p[0]); maxRel[h] = Math.max(maxRel[h], d/sc); if (h==1 && d > 0.01 && n[h] < 5) console.log(k, i, p[i], q[i]); }
}
console.log({maxDiff, maxRel, n, missing});
let shown = 0;
for (const [k, q] of mine) {
  const p = peer.forecasts.get(k); if (!p) continue;
  const d = Math.max(...q.map((x,i)=>Math.abs(x-p[i])));
  if (d > 0.01 && Number(k.split("|")[2]) <= 0 && shown < 12) { shown++; console.log(k, "peer", [p[0],p[5],p[11],p[17],p[22]].map(x=>x.toFixed(1)).join(" "), "mine", [q[0],q[5],q[11],q[17],q[22]].map(x=>x.toFixed(1)).join(" ") ); }
}
