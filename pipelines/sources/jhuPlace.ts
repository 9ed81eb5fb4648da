// One row of the JHU CSSE UID lookup table, as the registry and its supplement hold it.

export interface JhuPlace {
  uid: number;
  iso2: string | null;
  iso3: string | null;
  /** "" for a country row. */
  province: string;
  country: string;
  lat: number | null;
  lon: number | null;
  population: number | null;
}
