// Timing of a full risk-model recompute on synthetic data shaped like the production load:
// metrics, Rt, clusters and 4-week forecasts (cases and deaths) for R regions × D days.
//   ./node_modules/.bin/bun models/scripts/benchRiskModels.ts [--regions 3600] [--days 900]
import { parseArgs } from "node:util";
import { computeDailyMetricsByRegion } from "../metrics/byRegion.ts";
import { weeklyIncidence } from "../metrics/weekly.ts";
import { estimateRtByRegion } from "../rt/byRegion.ts";
import { clusterRegions } from "../clusters/clusterRegions.ts";
import { covidMeshForecast } from "../forecast/covidMesh.ts";
import { baselineForecast } from "../forecast/baseline.ts";
import { mulberry32 } from "../stats/random.ts";

const { values } = parseArgs({ options: { regions: { type: "string", default: "3600" }, days: { type: "string", default: "900" } } });
const R = Number(values.regions);
const D = Number(values.days);
const firstDay = 18_283; // 2020-01-22

// Waves with region-specific timing and size, plus multiplicative noise and weekday effects.
const random = mulberry32(42);
const n = R * D;
const regionId = new Int32Array(n);
const day = new Int32Array(n);
const cumCases = new Float64Array(n);
const cumDeaths = new Float64Array(n);
const population = new Float64Array(R);
for (let r = 0; r < R; r++) {
  population[r] = Math.round(5_000 + random() * 2_000_000);
  const scale = population[r] / 100_000;
  const phase = random() * 60;
  let c = 0;
  let d = 0;
  for (let t = 0; t < D; t++) {
    const i = r * D + t;
    regionId[i] = r + 1;
    day[i] = firstDay + t;
    const wave = 20 * Math.exp(-(((t - 300 - phase) / 40) ** 2)) + 60 * Math.exp(-(((t - 720 - phase) / 25) ** 2)) + 2;
    const weekday = (t % 7 === 0 ? 0.5 : 1.1);
    c += Math.round(wave * scale * weekday * (0.7 + 0.6 * random()));
    d += random() < 0.01 * wave * scale ? 1 : 0;
    cumCases[i] = c;
    cumDeaths[i] = d;
  }
}

const time = <T>(label: string, f: () => T): T => {
  const t0 = performance.now();
  const out = f();
  console.log(`${label.padEnd(40)} ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  return out;
};

const total0 = performance.now();
const { metrics, segments } = time(`metrics (${R} × ${D})`, () =>
  computeDailyMetricsByRegion({ regionId, day, cumCases, cumDeaths }, (id) => population[id - 1]),
);
const rt = time("Rt (all region-days)", () => estimateRtByRegion(metrics.newCasesRaw, segments.offsets));
time("clusters (k = 2…8, 10 restarts)", () => {
  const cols = 4;
  const features = new Float64Array(R * cols);
  for (let r = 0; r < R; r++) {
    const last = segments.offsets[r + 1] - 1;
    features[r * cols] = metrics.caseDensity[last];
    features[r * cols + 1] = metrics.growthRate[last];
    features[r * cols + 2] = metrics.deathsPer100k[last];
    features[r * cols + 3] = rt.mean[last];
  }
  // Unknown growth (an empty week) or Rt (too few cases) → neutral values, as a caller would impute.
  for (let i = 0; i < features.length; i++) if (Number.isNaN(features[i])) features[i] = i % cols === 3 ? 1 : 0;
  return clusterRegions({ data: features, rows: R, cols }, { riskFeature: 0, seed: 1 });
});
time("forecasts covid-mesh (cases + deaths)", () => {
  for (let r = 0; r < R; r++) {
    const from = segments.offsets[r];
    const to = segments.offsets[r + 1];
    const cases = weeklyIncidence(cumCases.subarray(from, to), firstDay).values;
    const deaths = weeklyIncidence(cumDeaths.subarray(from, to), firstDay).values;
    covidMeshForecast({ weekly: cases, target: "inc case", companion: deaths }, 4);
    covidMeshForecast({ weekly: deaths, target: "inc death", companion: cases }, 4);
  }
});
console.log(`${"total (metrics + Rt + clusters + forecasts)".padEnd(40)} ${((performance.now() - total0) / 1000).toFixed(2)} s`);
// The baseline is only needed for backtests; timed separately.
time("forecasts COVIDhub-baseline (cases + deaths)", () => {
  for (let r = 0; r < R; r++) {
    const from = segments.offsets[r];
    const to = segments.offsets[r + 1];
    baselineForecast(weeklyIncidence(cumCases.subarray(from, to), firstDay).values, 4);
    baselineForecast(weeklyIncidence(cumDeaths.subarray(from, to), firstDay).values, 4);
  }
});

