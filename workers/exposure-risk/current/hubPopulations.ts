// Populations of the CDC COVID-19 Forecast Hub's locations (the hub's auxiliary-data
// locations.csv, public-domain US Census estimates, as in shared/data/covidhub/locations.csv),
// by hub location code. Admissions per 100k divide NHSN counts by these: they cover the same
// area as the counts. The JHU registry differs for Missouri (it leaves out Kansas City, which
// JHU reports apart: 6,137,428 against the state's 6,626,371), Puerto Rico and the US total.
// realFiles.test.ts checks this table against the file.
import { usStateUidFromFips, US_COUNTRY_UID } from "../../../domain/mod.ts";

export const HUB_LOCATION_POPULATIONS: ReadonlyArray<readonly [location: string, population: number]> = [
  ["US", 332875137], // US US
  ["01", 4903185], // AL Alabama
  ["02", 731545], // AK Alaska
  ["04", 7278717], // AZ Arizona
  ["05", 3017804], // AR Arkansas
  ["06", 39512223], // CA California
  ["08", 5758736], // CO Colorado
  ["09", 3565287], // CT Connecticut
  ["10", 973764], // DE Delaware
  ["11", 705749], // DC District of Columbia
  ["12", 21477737], // FL Florida
  ["13", 10617423], // GA Georgia
  ["15", 1415872], // HI Hawaii
  ["16", 1787065], // ID Idaho
  ["17", 12671821], // IL Illinois
  ["18", 6732219], // IN Indiana
  ["19", 3155070], // IA Iowa
  ["20", 2913314], // KS Kansas
  ["21", 4467673], // KY Kentucky
  ["22", 4648794], // LA Louisiana
  ["23", 1344212], // ME Maine
  ["24", 6045680], // MD Maryland
  ["25", 6892503], // MA Massachusetts
  ["26", 9986857], // MI Michigan
  ["27", 5639632], // MN Minnesota
  ["28", 2976149], // MS Mississippi
  ["29", 6626371], // MO Missouri
  ["30", 1068778], // MT Montana
  ["31", 1934408], // NE Nebraska
  ["32", 3080156], // NV Nevada
  ["33", 1359711], // NH New Hampshire
  ["34", 8882190], // NJ New Jersey
  ["35", 2096829], // NM New Mexico
  ["36", 19453561], // NY New York
  ["37", 10488084], // NC North Carolina
  ["38", 762062], // ND North Dakota
  ["39", 11689100], // OH Ohio
  ["40", 3956971], // OK Oklahoma
  ["41", 4217737], // OR Oregon
  ["42", 12801989], // PA Pennsylvania
  ["44", 1059361], // RI Rhode Island
  ["45", 5148714], // SC South Carolina
  ["46", 884659], // SD South Dakota
  ["47", 6829174], // TN Tennessee
  ["48", 28995881], // TX Texas
  ["49", 3205958], // UT Utah
  ["50", 623989], // VT Vermont
  ["51", 8535519], // VA Virginia
  ["53", 7614893], // WA Washington
  ["54", 1792147], // WV West Virginia
  ["55", 5822434], // WI Wisconsin
  ["56", 578759], // WY Wyoming
  ["72", 3754939], // PR Puerto Rico
];

/** Region UID → hub population (states, DC, PR, the US). */
export const HUB_POPULATION_BY_REGION: ReadonlyMap<number, number> = new Map(
  HUB_LOCATION_POPULATIONS.flatMap(([location, population]): Array<[number, number]> => {
    const uid = location === "US" ? US_COUNTRY_UID : usStateUidFromFips(Number(location));
    return uid === null ? [] : [[uid, population]];
  }),
);

/** The population admissions are divided by: the hub's, else the registry's. */
export const admissionsPopulation = (region: { id: number; population: number | null }): number | null => HUB_POPULATION_BY_REGION.get(region.id) ?? region.population;
