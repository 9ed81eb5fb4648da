// US states and territories by the Province_State names the JHU files use. County rows are
// parented by name because their FIPS does not always say the state: "Out of NY" is 80036,
// "Unassigned" 90036, some health districts have no FIPS at all, and Puerto Rico's municipios
// belong to 630, not 84000072.
import { usStateUidFromFips } from "../../domain/mod.ts";

const STATE_FIPS_BY_NAME: Record<string, number> = {
  Alabama: 1, Alaska: 2, Arizona: 4, Arkansas: 5, California: 6, Colorado: 8, Connecticut: 9,
  Delaware: 10, "District of Columbia": 11, Florida: 12, Georgia: 13, Hawaii: 15, Idaho: 16,
  Illinois: 17, Indiana: 18, Iowa: 19, Kansas: 20, Kentucky: 21, Louisiana: 22, Maine: 23,
  Maryland: 24, Massachusetts: 25, Michigan: 26, Minnesota: 27, Mississippi: 28, Missouri: 29,
  Montana: 30, Nebraska: 31, Nevada: 32, "New Hampshire": 33, "New Jersey": 34, "New Mexico": 35,
  "New York": 36, "North Carolina": 37, "North Dakota": 38, Ohio: 39, Oklahoma: 40, Oregon: 41,
  Pennsylvania: 42, "Rhode Island": 44, "South Carolina": 45, "South Dakota": 46, Tennessee: 47,
  Texas: 48, Utah: 49, Vermont: 50, Virginia: 51, Washington: 53, "West Virginia": 54,
  Wisconsin: 55, Wyoming: 56,
  "American Samoa": 60, Guam: 66, "Northern Mariana Islands": 69, "Puerto Rico": 72, "Virgin Islands": 78,
};

/** UID of a US state or territory from its JHU Province_State name, or null if unknown. */
export function usStateUidFromName(name: string): number | null {
  const fips = STATE_FIPS_BY_NAME[name];
  return fips === undefined ? null : usStateUidFromFips(fips);
}
