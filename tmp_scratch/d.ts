import { readVintages } from "../cli/backtest/readVintages.ts";
import { readPeer } from "../cli/backtest/readPeers.ts";
import { covidMeshForecasts, truthFrom } from "../cli/backtest/hospRun.ts";
import { scoreCommonSet } from "../cli/backtest/hospScoring.ts";
import { HUB_STATE_LOCATIONS } from "../models/forecast/hosp/mod.ts";
import { dayFromIso, isoDate } from "../models/forecast/mod.ts";
const D = "/work/shared/data/covidhub";
const v = await readVintages(`${D}/hospital-admissions-vintages.csv.gz`);
const peer = await readPeer(`${D}/forecasts/CovidHub-baseline.csv.gz`);
const { truth } = truthFrom(v.versions);
const from = dayFromIso(process.argv[2]), to = dayFromIso(process.argv[3]);
const refs: number[] = []; for (let d = from; d <= to; d += 7) refs.push(d);
const opts = process.argv[4] ? JSON.parse(process.argv[4]) : {};
const mesh = { name: "covid-mesh", forecasts: covidMeshForecasts(v.versions, refs, opts) };
for (const r of refs) {
  const rows = scoreCommonSet({ models: [mesh, peer], truth, referenceDays: [r], locations: HUB_STATE_LOCATIONS, horizons: [0,1,2,3], baseline: "CovidHub-baseline" });
  const m = rows.filter(x => x.model === "covid-mesh"), b = rows.filter(x => x.model !== "covid-mesh");
  console.log(isoDate(r), m.map((x,i) => `${(x.wis/b[i].wis).toFixed(2)}`).join(" "), "baseWIS", b.map(x=>x.wis.toFixed(0)).join(" "), "cov95", m.map(x=>x.coverage95.toFixed(2)).join(" "));
}
