// FIPS → JHU CSSE UID for US states, territories and counties. States are 84000000 + state FIPS
// and counties 840·10^5 + county FIPS, but the territories keep their ISO 3166 numeric codes
// (Puerto Rico is 630, its municipios 630·10^5 + FIPS), as in the JHU lookup table.

const STATE_FIPS = new Set([
  1, 2, 4, 5, 6, 8, 9, 10, 11, 12, 13, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 44, 45, 46, 47, 48, 49, 50,
  51, 53, 54, 55, 56,
]);

/** Territory UID (ISO 3166 numeric) by state FIPS: American Samoa, Guam, N. Mariana Is., Puerto Rico, US Virgin Is. */
const TERRITORY_UID_BY_FIPS: ReadonlyMap<number, number> = new Map([
  [60, 16],
  [66, 316],
  [69, 580],
  [72, 630],
  [78, 850],
]);

export const US_COUNTRY_UID = 840;

/** UID of a state or territory from its 2-digit FIPS code, or null if it is neither. */
export function usStateUidFromFips(stateFips: number): number | null {
  const territory = TERRITORY_UID_BY_FIPS.get(stateFips);
  if (territory !== undefined) return territory;
  return STATE_FIPS.has(stateFips) ? 84_000_000 + stateFips : null;
}

/** UID of a county (or municipio) from its 5-digit FIPS code, or null if the state part is unknown. */
export function usCountyUidFromFips(countyFips: number): number | null {
  const stateFips = Math.floor(countyFips / 1000);
  const territory = TERRITORY_UID_BY_FIPS.get(stateFips);
  if (territory !== undefined) return territory * 100_000 + countyFips;
  return STATE_FIPS.has(stateFips) ? 84_000_000 + countyFips : null;
}
