import { readVintages } from "../cli/backtest/readVintages.ts";
import { readPeer } from "../cli/backtest/readPeers.ts";
import { versionsVisibleAt, truthFrom } from "../cli/backtest/hospRun.ts";
import { forecastHospitalAdmissions } from "../models/forecast/hosp/mod.ts";
import { dayFromIso } from "../models/forecast/mod.ts";
const D = "/work/shared/data/covidhub";
const v = await readVintages(`${D}/hospital-admissions-vintages.csv.gz`);
const peer = await readPeer(`${D}/forecasts/CovidHub-baseline.csv.gz`);
const { truth } = truthFrom(v.versions);
const R = dayFromIso(process.argv[2]);
const opts = process.argv[3] ? JSON.parse(process.argv[3]) : {};
const f = forecastHospitalAdmissions({ referenceDate: R, admissions: versionsVisibleAt(v.versions, R), options: opts });
for (const x of f) if (["06", "48", "56", "36"].includes(x.location)) {
  const p = peer.forecasts.get(`${R}|${x.location}|${x.horizon}`);
  const q = x.quantiles; const t = truth.get(`${x.location}|${R + 7 * x.horizon}`);
  console.log(x.location, x.horizon, "truth", t, "mine", [q[0],q[5],q[11],q[17],q[22]].map(x=>x.toFixed(0)).join(" "), "base", p ? [p[0],p[5],p[11],p[17],p[22]].map(x=>x.toFixed(0)).join(" ") : "-");
}
