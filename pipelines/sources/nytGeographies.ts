// Where a NYT county row goes when it has no FIPS code. NYT documents (nytimes/covid-19-data,
// README "Geographic Exceptions") that it reports some places as one unit:
//  - "New York City": the five boroughs (New York, Kings, Queens, Bronx and Richmond counties)
//    combined, with no FIPS;
//  - "Kansas City", Missouri: the city on its own line; the four counties it overlaps (Cass,
//    Clay, Jackson, Platte) exclude it;
//  - "Joplin", Missouri: the city on its own line, excluded from Jasper and Newton counties;
//  - "Unknown": cases whose county is not known, per state.
// The three cities have no Census code, so they get synthetic county UIDs in JHU's scheme
// (840·10^5 + state FIPS·1000 + an unused county code 997/998), with registry entries parented
// to their state: the city's figures stay the city's and are never mixed into a county. "Unknown"
// goes to JHU's own "Unassigned" region of the state (840·10^5 + 90000 + state FIPS).
import { type RegionRecord, usStateUidFromFips } from "../../domain/mod.ts";

const special = (uid: number, name: string, stateFips: number): RegionRecord => ({
  id: uid,
  name,
  level: "county",
  parentId: usStateUidFromFips(stateFips),
  fips: null,
  iso2: "US",
  iso3: "USA",
  lat: null,
  lon: null,
  population: null,
});

export const NYT_NEW_YORK_CITY = special(84_036_998, "New York City", 36);
export const NYT_KANSAS_CITY = special(84_029_998, "Kansas City", 29);
export const NYT_JOPLIN = special(84_029_997, "Joplin", 29);

const BY_NAME = new Map<string, RegionRecord>([
  ["New York City|New York", NYT_NEW_YORK_CITY],
  ["Kansas City|Missouri", NYT_KANSAS_CITY],
  ["Joplin|Missouri", NYT_JOPLIN],
]);

/** The synthetic region of a NYT special geography (county + state names), if it is one. */
export function nytSpecialGeography(county: string, state: string): RegionRecord | undefined {
  return BY_NAME.get(`${county}|${state}`);
}

/** JHU's "Unassigned" UID for a state's unknown-county cases, or null where JHU has none. */
export function unassignedUid(stateFips: number): number | null {
  if (stateFips === 72) return 63_072_999; // Puerto Rico's municipios live under 630
  const state = usStateUidFromFips(stateFips);
  return state !== null && state >= 84_000_000 ? 84_090_000 + stateFips : null;
}
