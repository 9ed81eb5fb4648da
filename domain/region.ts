// Regions as every layer knows them: the JHU CSSE registry (countries, US states, US counties).

export type RegionLevel = "county" | "state" | "country";

export interface RegionRecord {
  /** JHU CSSE UID: countries use their ISO 3166 numeric code, US counties 840·10^5 + FIPS (regionIds.ts). */
  id: number;
  name: string;
  level: RegionLevel;
  parentId: number | null;
  fips: string | null;
  iso2: string | null;
  iso3: string | null;
  lat: number | null;
  lon: number | null;
  population: number | null;
}
