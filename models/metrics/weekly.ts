// Weekly incidence per epiweek (Sunday–Saturday), as the Forecast Hub defines its truth:
// the value for the week ending Saturday s is cum[s] − cum[s − 7], raw (it can be negative
// after a downward revision; forecasters see the same numbers they are scored against).
import { epiweekEnd, lastSaturdayOnOrBefore } from "../forecast/epiweek.ts";
import type { WeeklyIncidence } from "./types.ts";

/** Weekly incidence of every complete epiweek inside a daily cumulative series starting at firstDay. */
export function weeklyIncidence(cum: Float64Array, firstDay: number): WeeklyIncidence {
  const firstSaturday = epiweekEnd(firstDay + 7);
  const lastSaturday = lastSaturdayOnOrBefore(firstDay + cum.length - 1);
  const weeks = lastSaturday < firstSaturday ? 0 : (lastSaturday - firstSaturday) / 7 + 1;
  const values = new Float64Array(weeks);
  for (let i = 0; i < weeks; i++) {
    const s = firstSaturday + 7 * i - firstDay;
    values[i] = cum[s] - cum[s - 7];
  }
  return { firstSaturday, values };
}
