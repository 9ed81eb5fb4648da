// Places the JHU global time series carry but the bundled lookup table (a 2022-04-08 snapshot)
// lacks: JHU added them later. JHU gives countries and overseas territories their ISO 3166-1
// numeric code as UID (Cook Islands, a New Zealand territory, is 184), so these follow suit.
// Canada's "Repatriated Travellers" has no such code and stays unknown (quarantined).
import type { JhuPlace } from "./jhuPlace.ts";

const place = (uid: number, iso2: string, iso3: string, province: string, country: string): JhuPlace => ({
  uid,
  iso2,
  iso3,
  province,
  country,
  lat: null,
  lon: null,
  population: null,
});

export const JHU_LATER_PLACES: readonly JhuPlace[] = [
  place(408, "KP", "PRK", "", "Korea, North"),
  place(520, "NR", "NRU", "", "Nauru"),
  place(798, "TV", "TUV", "", "Tuvalu"),
  place(570, "NU", "NIU", "Niue", "New Zealand"),
  place(612, "PN", "PCN", "Pitcairn Islands", "United Kingdom"),
];
