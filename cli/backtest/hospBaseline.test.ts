// Our flat baseline against the hub's own CovidHub-baseline forecasts (the peer file), on
// reference dates whose visible publication (as_of ≤ R − 3) is the one the hub used. Horizon 0
// (ahead 1) is deterministic: equal up to the file's 3-decimal rounding. Horizons 1–3 are Monte
// Carlo in both (1e5 draws): each quantile within 3% of the forecast's 1%–99% range, on average within 0.5%.
import { expect, test } from "bun:test";
import { join } from "node:path";
import { dayFromIso } from "../../models/forecast/mod.ts";
import { flatBaselineForecasts } from "./hospRun.ts";
import { readPeer } from "./readPeers.ts";
import { readVintages } from "./readVintages.ts";
import { SHARED_DATA } from "../../testenv/sharedData.ts";
import { needsSharedData } from "../../testenv/sharedDataGate.ts";

/** Real files, several models: generous on a loaded 2-core machine. */
const SLOW = 120_000;
const DATA = SHARED_DATA;
const HUB = join(DATA, "covidhub");
const DATES = ["2024-11-30", "2025-03-01", "2025-06-07", "2025-09-06"].map(dayFromIso);

const shared = needsSharedData(join(HUB, "hospital-admissions-vintages.csv.gz"), join(HUB, "forecasts/CovidHub-baseline.csv.gz"));

shared.describe("flat baseline vs the hub's CovidHub-baseline file", async () => {
  const vintages = await readVintages(join(HUB, "hospital-admissions-vintages.csv.gz"));
  const peer = await readPeer(join(HUB, "forecasts/CovidHub-baseline.csv.gz"));
  const mine = flatBaselineForecasts(vintages.versions, DATES, 100_000);
  const compared = (h: number) => [...mine].filter(([k]) => k.endsWith(`|${h}`) && peer.forecasts.has(k));

  test(
    "horizon −1 and 0: equal to the file (±0.0005, its rounding) for all 53 locations × 4 dates",
    () => {
      for (const h of [-1, 0]) {
        const pairs = compared(h);
        expect(pairs).toHaveLength(53 * DATES.length);
        for (const [k, q] of pairs) {
          const p = peer.forecasts.get(k)!;
          for (let i = 0; i < 23; i++) expect(Math.abs(q[i] - p[i])).toBeLessThanOrEqual(0.0005 + 1e-9);
        }
      }
    },
    SLOW,
  );

  test(
    "horizons 1–3: within 3% (mean 0.5%) of the 1%–99% range (simulation error), median exact",
    () => {
      let worst = 0;
      let sum = 0;
      let n = 0;
      for (const h of [1, 2, 3]) {
        const pairs = compared(h);
        expect(pairs.length).toBeGreaterThanOrEqual(52 * DATES.length);
        for (const [k, q] of pairs) {
          const p = peer.forecasts.get(k)!;
          const range = Math.max(1, p[22] - p[0]);
          for (let i = 0; i < 23; i++) {
            const d = Math.abs(q[i] - p[i]) / range;
            worst = Math.max(worst, d);
            sum += d;
            n++;
          }
          expect(Math.abs(q[11] - p[11])).toBeLessThanOrEqual(0.0005 + 1e-9);
        }
      }
      expect(worst).toBeLessThan(0.03);
      expect(sum / n).toBeLessThan(0.005);
    },
    SLOW,
  );
});
