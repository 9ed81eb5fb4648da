// The JHU CSSE region registry as lookups for adapters of files that do not carry JHU UIDs:
// (Province/State, Country/Region) names, ISO 3166 alpha-2 / alpha-3 codes → UID. Built once per
// process from the UID lookup table bundled in sample/ (≈4,300 rows, a few milliseconds).
import { fileURLToPath } from "node:url";
import { csvRows } from "../csvRows.ts";
import { openSource } from "../openSource.ts";
import type { JhuPlace } from "./jhuPlace.ts";
import { JHU_LATER_PLACES } from "./jhuRegistrySupplement.ts";

export const BUNDLED_LOOKUP = fileURLToPath(new URL("../../sample/UID_ISO_FIPS_LookUp_Table.csv.gz", import.meta.url));

export type { JhuPlace } from "./jhuPlace.ts";

export interface JhuRegistry {
  /** Country or province row by its exact JHU names (province "" for a country). */
  byName(province: string, country: string): JhuPlace | undefined;
  /** The country with this ISO code; for territories JHU files under a country (HK, PR, AW…), that province row. */
  byIso2(iso2: string): JhuPlace | undefined;
  byIso3(iso3: string): JhuPlace | undefined;
  /** A province of a country by name, ignoring case, accents, spaces and punctuation. */
  provinceLike(countryUid: number, name: string): JhuPlace | undefined;
  byUid(uid: number): JhuPlace | undefined;
}

/** "Baden-Württemberg" and "Baden-Wurttemberg" compare equal. */
export function looseName(name: string): string {
  return name
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

let cached: Promise<JhuRegistry> | null = null;

/** The registry from the bundled lookup table, loaded once. */
export function jhuRegistry(): Promise<JhuRegistry> {
  cached ??= loadRegistry(BUNDLED_LOOKUP).catch((err) => {
    cached = null;
    throw err;
  });
  return cached;
}

export async function loadRegistry(path: string): Promise<JhuRegistry> {
  const places: JhuPlace[] = [];
  let col: Record<string, number> | null = null;
  for await (const row of csvRows((await openSource({ file: path })).stream)) {
    const f = row.fields;
    if (col === null) {
      col = Object.fromEntries(f.map((name, i) => [name, i]));
      continue;
    }
    if (f[col.Admin2] !== "") continue; // counties are matched by FIPS, never by name
    const num = (text: string) => (text === "" || Number.isNaN(Number(text)) ? null : Number(text));
    places.push({
      uid: Number(f[col.UID]),
      iso2: f[col.iso2] || null,
      iso3: f[col.iso3] || null,
      province: f[col.Province_State],
      country: f[col.Country_Region],
      lat: num(f[col.Lat]),
      lon: num(f[col.Long_]),
      population: num(f[col.Population]),
    });
  }
  for (const p of JHU_LATER_PLACES) if (!places.some((q) => q.uid === p.uid)) places.push(p);
  return indexPlaces(places);
}

function indexPlaces(places: JhuPlace[]): JhuRegistry {
  const key = (province: string, country: string) => `${province}\u0000${country}`;
  const names = new Map<string, JhuPlace>();
  const uids = new Map<number, JhuPlace>();
  const iso2 = new Map<string, JhuPlace>();
  const iso3 = new Map<string, JhuPlace>();
  const provinces = new Map<string, JhuPlace>();
  const countryUid = new Map<string, number>();
  for (const p of places) if (p.province === "") countryUid.set(p.country, p.uid);
  // Country rows first, so a code names the country; a province only takes a code no country has.
  const ordered = [...places.filter((p) => p.province === ""), ...places.filter((p) => p.province !== "")];
  for (const p of ordered) {
    names.set(key(p.province, p.country), p);
    uids.set(p.uid, p);
    if (p.iso2 && !iso2.has(p.iso2)) iso2.set(p.iso2, p);
    if (p.iso3 && !iso3.has(p.iso3)) iso3.set(p.iso3, p);
    const parent = countryUid.get(p.country);
    if (p.province !== "" && parent !== undefined) provinces.set(`${parent}:${looseName(p.province)}`, p);
  }
  return {
    byName: (province, country) => names.get(key(province, country)),
    byIso2: (code) => iso2.get(code),
    byIso3: (code) => iso3.get(code),
    provinceLike: (uid, name) => provinces.get(`${uid}:${looseName(name)}`),
    byUid: (uid) => uids.get(uid),
  };
}
