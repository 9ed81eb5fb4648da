// Forecast Hub locations (2-digit state FIPS, "US") ↔ the project's region ids (JHU UIDs:
// 84000000 + FIPS for states and DC, 630 for Puerto Rico, 840 for the US), and the populations
// the hub publishes in its locations.csv (CDCgov/covid19-forecast-hub, public domain), used
// only to put locations on one per-capita scale before pooling them.
import { usStateUidFromFips, US_COUNTRY_UID } from "../../../domain/mod.ts";
import { ForecastInputError } from "../errors.ts";

/** The hub's populations by location code (auxiliary-data/locations.csv as of 2025). */
export const HUB_POPULATION: Readonly<Record<string, number>> = {
  US: 332875137,
  "01": 4903185,
  "02": 731545,
  "04": 7278717,
  "05": 3017804,
  "06": 39512223,
  "08": 5758736,
  "09": 3565287,
  "10": 973764,
  "11": 705749,
  "12": 21477737,
  "13": 10617423,
  "15": 1415872,
  "16": 1787065,
  "17": 12671821,
  "18": 6732219,
  "19": 3155070,
  "20": 2913314,
  "21": 4467673,
  "22": 4648794,
  "23": 1344212,
  "24": 6045680,
  "25": 6892503,
  "26": 9986857,
  "27": 5639632,
  "28": 2976149,
  "29": 6626371,
  "30": 1068778,
  "31": 1934408,
  "32": 3080156,
  "33": 1359711,
  "34": 8882190,
  "35": 2096829,
  "36": 19453561,
  "37": 10488084,
  "38": 762062,
  "39": 11689100,
  "40": 3956971,
  "41": 4217737,
  "42": 12801989,
  "44": 1059361,
  "45": 5148714,
  "46": 884659,
  "47": 6829174,
  "48": 28995881,
  "49": 3205958,
  "50": 623989,
  "51": 8535519,
  "53": 7614893,
  "54": 1792147,
  "55": 5822434,
  "56": 578759,
  "72": 3754939,
};

/** Hub location codes of the states, DC and PR (the backtest's locations), in code order. */
export const HUB_STATE_LOCATIONS: readonly string[] = Object.keys(HUB_POPULATION)
  .filter((l) => l !== "US")
  .sort();

/** Region id of a hub location code, or null if it is not one of the hub's 53 locations. */
export function regionIdFromHubLocation(location: string): number | null {
  if (!Object.hasOwn(HUB_POPULATION, location)) return null;
  if (location === "US") return US_COUNTRY_UID;
  return usStateUidFromFips(Number(location));
}

/** Hub location code of a region id; throws ForecastInputError for regions the hub does not forecast. */
export function hubLocationFromRegionId(regionId: number): string {
  const code = HUB_LOCATION_BY_REGION.get(regionId);
  if (code === undefined) throw new ForecastInputError(`region ${regionId} is not a Forecast Hub location`);
  return code;
}

const HUB_LOCATION_BY_REGION: ReadonlyMap<number, string> = new Map(Object.keys(HUB_POPULATION).map((code) => [regionIdFromHubLocation(code)!, code]));

/** Population of a region from the hub's table, or NaN when the hub does not list it. */
export function hubPopulation(regionId: number): number {
  const code = HUB_LOCATION_BY_REGION.get(regionId);
  return code === undefined ? Number.NaN : HUB_POPULATION[code];
}
