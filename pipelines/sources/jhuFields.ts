// Parsing of the region columns shared by the JHU files (UID, iso2, iso3, FIPS, Admin2,
// Province_State, Country_Region, Lat, Long_, Population). A bad value throws RowRejected,
// which the adapters turn into a quarantine row; it never leaves this package.
import { isDayInWindow } from "../../domain/mod.ts";
import { MAX_FIGURE } from "../../domain/mod.ts";
import { dayOfCivil } from "../../domain/mod.ts";
import { MissingColumnError } from "../errors.ts";

/** Internal control flow for "quarantine this row with this reason". */
export class RowRejected extends Error {
  override name = "RowRejected";
}

export interface RegionFields {
  uid: number;
  iso2: string | null;
  iso3: string | null;
  /** FIPS as an integer (the US file writes "1001.0"), null when empty. */
  fips: number | null;
  admin2: string;
  province: string;
  country: string;
  lat: number | null;
  lon: number | null;
  population: number | null;
}

export interface RegionColumns {
  uid: number;
  iso2: number;
  iso3: number;
  fips: number;
  admin2: number;
  province: number;
  country: number;
  lat: number;
  lon: number;
  /** -1 when the file has no Population column. */
  population: number;
}

const REQUIRED = ["UID", "iso2", "iso3", "FIPS", "Admin2", "Province_State", "Country_Region", "Lat", "Long_"] as const;

/** Finds the region columns by name; throws MissingColumnError naming every absent one. */
export function findRegionColumns(header: string[], source: string, needPopulation: boolean): RegionColumns {
  const at = (name: string) => header.indexOf(name);
  const missing: string[] = REQUIRED.filter((name) => at(name) < 0);
  if (needPopulation && at("Population") < 0) missing.push("Population");
  if (missing.length > 0) throw new MissingColumnError(source, missing);
  return {
    uid: at("UID"),
    iso2: at("iso2"),
    iso3: at("iso3"),
    fips: at("FIPS"),
    admin2: at("Admin2"),
    province: at("Province_State"),
    country: at("Country_Region"),
    lat: at("Lat"),
    lon: at("Long_"),
    population: at("Population"),
  };
}

export function readRegionFields(fields: string[], cols: RegionColumns): RegionFields {
  const uid = parseUid(fields[cols.uid]);
  const lat = parseOptionalNumber(fields[cols.lat], "Lat");
  const lon = parseOptionalNumber(fields[cols.lon], "Long_");
  if ((lat === null) !== (lon === null)) throw new RowRejected("Lat and Long_ must both be set or both be empty");
  if (lat !== null && (lat < -90 || lat > 90)) throw new RowRejected(`Lat ${lat} is outside -90…90`);
  if (lon !== null && (lon < -180 || lon > 180)) throw new RowRejected(`Long_ ${lon} is outside -180…180`);
  // JHU writes 0,0 for rows without a place ("Unassigned", "Out of AL", cruise ships).
  const noPlace = lat === 0 && lon === 0;
  const population = cols.population < 0 ? null : parseOptionalNumber(fields[cols.population], "Population");
  if (population !== null && (population < 0 || !Number.isInteger(population))) {
    throw new RowRejected(`Population "${fields[cols.population]}" is not a non-negative integer`);
  }
  return {
    uid,
    iso2: fields[cols.iso2] || null,
    iso3: fields[cols.iso3] || null,
    fips: parseFips(fields[cols.fips]),
    admin2: fields[cols.admin2],
    province: fields[cols.province],
    country: fields[cols.country],
    lat: noPlace ? null : lat,
    lon: noPlace ? null : lon,
    population,
  };
}

export function parseUid(text: string): number {
  if (text === "") throw new RowRejected("missing UID");
  if (!/^\d+$/.test(text)) throw new RowRejected(`UID "${text}" is not a non-negative integer`);
  const uid = Number(text);
  if (uid > 2_147_483_647) throw new RowRejected(`UID ${text} does not fit in 32 bits`);
  return uid;
}

/** FIPS codes are integers; the US time series writes them as floats ("1001.0"). */
function parseFips(text: string): number | null {
  if (text === "") return null;
  const m = /^(\d{1,5})(?:\.0+)?$/.exec(text);
  if (!m) throw new RowRejected(`FIPS "${text}" is not an integer code`);
  return Number(m[1]);
}

function parseOptionalNumber(text: string, column: string): number | null {
  if (text === "") return null;
  const value = parseDecimal(text);
  if (Number.isNaN(value)) throw new RowRejected(`${column} "${text}" is not a number`);
  return value;
}

/** The largest count or value a row may carry (domain/figureRange.ts): larger is quarantined. */
export const MAX_VALUE = MAX_FIGURE;

/** Why a parsed count cannot be stored (non-numeric, negative, non-finite or above MAX_VALUE), or null. */
export function badCount(value: number, text: string, column: string): string | null {
  if (Number.isNaN(value)) return `non-numeric cumulative value "${text}" for ${column}`;
  if (value < 0) return `negative cumulative value ${text} for ${column}`;
  if (value > MAX_VALUE) return `out-of-range value ${text} for ${column}: not a finite number up to ${MAX_VALUE}`;
  return null;
}

const DECIMAL = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/** A decimal number, or NaN. Plain digit strings (every JHU count) take the fast path. */
export function parseDecimal(text: string): number {
  const n = text.length;
  if (n === 0 || n > 15) return DECIMAL.test(text) ? Number(text) : Number.NaN;
  let value = 0;
  for (let i = 0; i < n; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return DECIMAL.test(text) ? Number(text) : Number.NaN;
    value = value * 10 + digit;
  }
  return value;
}

/** Pads a FIPS code to its conventional width: 5 digits for counties, 2 for states. */
export function formatFips(fips: number | null, width: 2 | 5): string | null {
  return fips === null ? null : String(fips).padStart(width, "0");
}

/** Days since 1970-01-01 UTC of a JHU header date (M/D/YY, also M/D/YYYY), or null. */
export function parseJhuDate(text: string): number | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(text);
  if (!m) return null;
  const month = Number(m[1]);
  const day = Number(m[2]);
  const year = m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
  const days = dayOfCivil(year, month, day);
  // A header date outside the window (domain/dateWindow.ts) fails the file like a malformed one.
  return Number.isNaN(days) || !isDayInWindow(days) ? null : days;
}

export function sameFields(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
