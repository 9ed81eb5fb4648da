// Which registry region a Google Community Mobility Reports row belongs to. Google names its
// places (country_region_code, sub_region_1, sub_region_2, metro_area) and gives ISO 3166-2 codes
// for first-level regions, and for second-level ones in some countries (IT, FR, ES, CZ, …):
//  - a country row (no sub-region) → the JHU country with that ISO alpha-2 code;
//  - a sub-region JHU also has (same name, ignoring accents and punctuation) → its JHU UID, so
//    Google's and JHU's figures for it join;
//  - any other sub-region with an ISO 3166-2 code → a registry entry of our own whose UID is
//    derived from the code: 10^9 + country numeric code·10^6 + the subdivision part read in
//    base 37. Codes are unique, so UIDs never collide, stay stable across releases, and lie
//    above every JHU UID (at most 8 digits);
//  - sub-regions without a code, and metro areas, have no stable identity: skipped and counted.
import type { RegionLevel, RegionRecord } from "../../domain/mod.ts";
import { RowRejected } from "./jhuFields.ts";
import type { JhuPlace, JhuRegistry } from "./jhuRegistry.ts";

export const SKIP_METRO = "metro area: not a region of the registry";
export const SKIP_NO_CODE = "sub-region without an ISO 3166-2 code and unknown to the JHU registry";

const ISO_UID_BASE = 1_000_000_000;
const DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** The UID of an ISO 3166-2 subdivision of the country with ISO numeric code `countryNumeric`. */
export function iso31662Uid(countryNumeric: number, code: string): number | null {
  const sub = code.slice(code.indexOf("-") + 1);
  if (countryNumeric < 1 || countryNumeric > 999 || sub.length < 1 || sub.length > 3) return null;
  let n = 0;
  for (const ch of sub) {
    const digit = DIGITS.indexOf(ch);
    if (digit < 0) return null;
    n = n * 37 + digit + 1; // +1: "1" and "01" must differ
  }
  return ISO_UID_BASE + countryNumeric * 1_000_000 + n;
}

export type GoogleRegion = { kind: "region"; id: number; record?: RegionRecord } | { kind: "skip"; reason: string };

export interface GooglePlace {
  countryCode: string;
  sub1: string;
  sub2: string;
  metro: string;
  isoCode: string;
}

/** Resolves rows to regions, remembering first-level regions of the file to parent the second level. */
export class GoogleRegionResolver {
  private readonly sub1Ids = new Map<string, number>();
  // A file lists each place's days together: remember the last place resolved.
  private lastKey = "";
  private last: GoogleRegion | null = null;

  constructor(private readonly registry: JhuRegistry) {}

  resolve(p: GooglePlace): GoogleRegion {
    const key = `${p.countryCode}|${p.sub1}|${p.sub2}|${p.metro}|${p.isoCode}`;
    if (key === this.lastKey && this.last !== null) return this.last;
    const region = this.resolveNew(p);
    this.lastKey = key;
    this.last = region;
    return region;
  }

  private resolveNew(p: GooglePlace): GoogleRegion {
    if (p.metro !== "") return { kind: "skip", reason: SKIP_METRO };
    const country = this.registry.byIso2(p.countryCode);
    if (!country) throw new RowRejected(`unknown region code: country_region_code "${p.countryCode}" is not in the JHU region registry`);
    if (p.sub1 === "") return { kind: "region", id: country.uid };
    if (p.isoCode !== "" && !p.isoCode.startsWith(`${p.countryCode}-`)) {
      throw new RowRejected(`unknown region code: iso_3166_2_code "${p.isoCode}" is not a subdivision of ${p.countryCode}`);
    }
    if (p.sub2 === "") {
      const jhu = this.registry.provinceLike(country.uid, p.sub1);
      if (jhu) return this.remember(p.sub1, { kind: "region", id: jhu.uid });
      if (p.isoCode === "") return { kind: "skip", reason: SKIP_NO_CODE };
      return this.remember(p.sub1, this.minted(country, p.isoCode, p.sub1, "state", country.uid));
    }
    if (p.isoCode === "") return { kind: "skip", reason: SKIP_NO_CODE };
    return this.minted(country, p.isoCode, p.sub2, "county", this.sub1Ids.get(p.sub1) ?? country.uid);
  }

  private remember(sub1: string, region: GoogleRegion): GoogleRegion {
    if (region.kind === "region") this.sub1Ids.set(sub1, region.id);
    return region;
  }

  private minted(country: JhuPlace, code: string, name: string, level: RegionLevel, parentId: number): GoogleRegion {
    const id = iso31662Uid(country.uid, code);
    if (id === null) throw new RowRejected(`unknown region code: cannot derive a region id from iso_3166_2_code "${code}"`);
    const record: RegionRecord = {
      id,
      name,
      level,
      parentId,
      fips: null,
      iso2: country.iso2,
      iso3: country.iso3,
      lat: null,
      lon: null,
      population: null,
    };
    return { kind: "region", id, record };
  }
}
