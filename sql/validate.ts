// Input checks run before any SQL, so bad input fails with a named error and writes nothing.
import { InvalidBatchError, InvalidManifestError, InvalidRegionError, DuplicateKeyInBatchError } from "./errors.ts";
import { indexOfInfinite } from "./arrayLiteral.ts";
import { FIRST_WINDOW_DAY, isInstantInWindow, lastWindowDay, outsideWindowReason } from "../domain/mod.ts";
import { METRIC_KEYS, MOBILITY_KEYS, type MetricKey, type MobilityKey } from "./regionDayTables.ts";
import type { DevicePresenceRecord, JobManifest, MobilityColumns, ObservationColumns, QuarantineRecord, RegionRecord, SourceValidators } from "./types.ts";

const LEVELS = new Set(["county", "state", "country"]);
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

function isInt32(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX;
}

export function assertJobSeq(jobId: string, seq: number): void {
  if (typeof jobId !== "string" || jobId.length === 0 || jobId.includes("\u0000")) {
    throw new InvalidBatchError("jobId must be a non-empty string without NUL");
  }
  if (!isInt32(seq) || seq < 0) throw new InvalidBatchError(`seq must be a non-negative int32, got ${String(seq)}`);
}

export function assertSource(source: string): void {
  if (typeof source !== "string" || source.length === 0) throw new InvalidBatchError("source must be a non-empty string");
}

/** Checks types and lengths of a region-day batch; returns the value columns that are present. */
export function checkRegionDayColumns<K extends string>(columns: { regionId: Int32Array; day: Int32Array } & Partial<Record<K, Float64Array>>, keys: K[], what: string): K[] {
  if (!(columns?.regionId instanceof Int32Array)) throw new InvalidBatchError("regionId must be an Int32Array");
  if (!(columns.day instanceof Int32Array)) throw new InvalidBatchError("day must be an Int32Array");
  const n = columns.regionId.length;
  if (columns.day.length !== n) {
    throw new InvalidBatchError(`day has ${columns.day.length} values, regionId has ${n}`);
  }
  checkDaysInWindow(columns.day, "day");
  const present: K[] = [];
  for (const key of keys) {
    const col: unknown = columns[key];
    if (col === undefined) continue;
    if (!(col instanceof Float64Array)) throw new InvalidBatchError(`${key} must be a Float64Array`);
    if (col.length !== n) throw new InvalidBatchError(`${key} has ${col.length} values, regionId has ${n}`);
    const bad = indexOfInfinite(col);
    if (bad >= 0) throw new InvalidBatchError(`${key}[${bad}] is ${col[bad]}; values must be finite (NaN = unknown)`);
    present.push(key);
  }
  if (present.length === 0) throw new InvalidBatchError(`${what} batch needs at least one value column`);
  return present;
}

export function checkObservationColumns(columns: ObservationColumns): MetricKey[] {
  return checkRegionDayColumns(columns, METRIC_KEYS, "an observation");
}

export function checkMobilityColumns(columns: MobilityColumns): MobilityKey[] {
  return checkRegionDayColumns(columns, MOBILITY_KEYS, "a mobility");
}

const MAX_DEVICE_HASH = 128;

/** Returns each row's hour as epoch milliseconds, truncated to the UTC hour. */
export function checkDevicePresence(rows: DevicePresenceRecord[]): Float64Array {
  if (!Array.isArray(rows)) throw new InvalidBatchError("device presence rows must be an array");
  const hours = new Float64Array(rows.length);
  rows.forEach((r, i) => {
    if (r === null || typeof r !== "object") throw new InvalidBatchError(`rows[${i}] is not an object`);
    if (!isInt32(r.regionId)) throw new InvalidBatchError(`rows[${i}].regionId must be an int32, got ${String(r.regionId)}`);
    const ms = typeof r.hour === "string" ? Date.parse(r.hour) : NaN;
    if (Number.isNaN(ms)) throw new InvalidBatchError(`rows[${i}].hour must be an ISO-8601 time, got ${String(r.hour)}`);
    hours[i] = ms - (((ms % 3_600_000) + 3_600_000) % 3_600_000);
    const h = r.deviceHash;
    if (typeof h !== "string" || h.length === 0 || h.length > MAX_DEVICE_HASH || h.includes("\u0000")) {
      throw new InvalidBatchError(`rows[${i}].deviceHash must be a non-empty string of at most ${MAX_DEVICE_HASH} characters without NUL`);
    }
  });
  return hours;
}

/** An ISO-8601 time as a normalised ISO string, or InvalidBatchError. */
export function checkInstant(name: string, iso: string): string {
  const t = typeof iso === "string" ? Date.parse(iso) : NaN;
  if (Number.isNaN(t)) throw new InvalidBatchError(`${name} must be an ISO-8601 time, got ${String(iso)}`);
  return new Date(t).toISOString();
}

/** Every day of `days` inside the date window (domain/dateWindow.ts), or InvalidBatchError naming the first that is not. */
export function checkDaysInWindow(days: Int32Array, what: string): void {
  const last = lastWindowDay();
  for (let i = 0; i < days.length; i++) {
    const d = days[i];
    if (d < FIRST_WINDOW_DAY || d > last) throw new InvalidBatchError(`${what}[${i}]: ${outsideWindowReason(what, d)}`);
  }
}

/** Validates a deviceActivity query; returns the bounds as ISO strings. */
export function checkActivityQuery(regionId: number, fromIso: string, toIso: string, k: number): { from: string; to: string } {
  if (!isInt32(regionId)) throw new InvalidBatchError(`regionId must be an int32, got ${String(regionId)}`);
  const from = typeof fromIso === "string" ? Date.parse(fromIso) : NaN;
  const to = typeof toIso === "string" ? Date.parse(toIso) : NaN;
  if (Number.isNaN(from) || Number.isNaN(to)) throw new InvalidBatchError(`from and to must be ISO-8601 times, got ${String(fromIso)} and ${String(toIso)}`);
  if (!isInstantInWindow(from) || !isInstantInWindow(to)) throw new InvalidBatchError(`from and to must lie in the date window 2019-12-01 … tomorrow, got ${fromIso} and ${toIso}`);
  if (!Number.isSafeInteger(k) || k < 1) throw new InvalidBatchError(`k must be a positive integer, got ${String(k)}`);
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

export function checkValidators(url: string, v: SourceValidators): void {
  if (typeof url !== "string" || url.length === 0 || url.includes("\u0000")) throw new InvalidBatchError("url must be a non-empty string without NUL");
  for (const field of ["etag", "lastModified"] as const) {
    const value = v?.[field];
    if (value !== null && (typeof value !== "string" || value.includes("\u0000"))) {
      throw new InvalidBatchError(`validators.${field} must be a string or null`);
    }
  }
}

function optionalText(r: RegionRecord, i: number, field: "fips" | "iso2" | "iso3"): void {
  const v = r[field];
  if (v !== null && typeof v !== "string") throw new InvalidRegionError(`regions[${i}].${field} must be a string or null`);
  if (typeof v === "string" && v.includes("\u0000")) throw new InvalidRegionError(`regions[${i}].${field} contains NUL`);
}

function optionalNumber(r: RegionRecord, i: number, field: "lat" | "lon" | "population", min: number, max: number): void {
  const v = r[field];
  if (v === null) return;
  if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max) {
    throw new InvalidRegionError(`regions[${i}].${field} must be null or a number in [${min}, ${max}], got ${String(v)}`);
  }
}

export function checkRegions(regions: RegionRecord[]): void {
  if (!Array.isArray(regions)) throw new InvalidRegionError("regions must be an array");
  const seen = new Set<number>();
  regions.forEach((r, i) => {
    if (r === null || typeof r !== "object") throw new InvalidRegionError(`regions[${i}] is not an object`);
    if (!isInt32(r.id)) throw new InvalidRegionError(`regions[${i}].id must be an int32, got ${String(r.id)}`);
    if (seen.has(r.id)) throw new DuplicateKeyInBatchError(`region id ${r.id} appears twice in the batch`);
    seen.add(r.id);
    if (typeof r.name !== "string" || r.name.length === 0 || r.name.includes("\u0000")) {
      throw new InvalidRegionError(`regions[${i}].name must be a non-empty string without NUL`);
    }
    if (!LEVELS.has(r.level)) throw new InvalidRegionError(`regions[${i}].level must be county, state or country`);
    if (r.parentId !== null && !isInt32(r.parentId)) throw new InvalidRegionError(`regions[${i}].parentId must be an int32 or null`);
    optionalText(r, i, "fips");
    optionalText(r, i, "iso2");
    optionalText(r, i, "iso3");
    optionalNumber(r, i, "lat", -90, 90);
    optionalNumber(r, i, "lon", -180, 180);
    optionalNumber(r, i, "population", 0, Number.MAX_SAFE_INTEGER);
  });
}

export function checkQuarantine(jobId: string, rows: QuarantineRecord[]): void {
  if (!Array.isArray(rows)) throw new InvalidBatchError("quarantine rows must be an array");
  rows.forEach((r, i) => {
    if (r === null || typeof r !== "object") throw new InvalidBatchError(`rows[${i}] is not an object`);
    if (r.jobId !== jobId) throw new InvalidBatchError(`rows[${i}].jobId is ${String(r.jobId)}, the batch is for ${jobId}`);
    if (typeof r.source !== "string" || r.source.length === 0) throw new InvalidBatchError(`rows[${i}].source must be a non-empty string`);
    if (!isInt32(r.line) || r.line < 1) throw new InvalidBatchError(`rows[${i}].line must be a positive int32`);
    if (typeof r.raw !== "string") throw new InvalidBatchError(`rows[${i}].raw must be a string`);
    if (typeof r.reason !== "string" || r.reason.length === 0) throw new InvalidBatchError(`rows[${i}].reason must be a non-empty string`);
  });
}

function isCount(v: unknown): v is number {
  return typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
}

export function checkManifest(m: JobManifest): void {
  if (m === null || typeof m !== "object") throw new InvalidManifestError("manifest must be an object");
  if (typeof m.jobId !== "string" || m.jobId.length === 0) throw new InvalidManifestError("manifest.jobId must be a non-empty string");
  if (typeof m.source !== "string" || m.source.length === 0) throw new InvalidManifestError("manifest.source must be a non-empty string");
  if (!isCount(m.batches) || m.batches > INT32_MAX) throw new InvalidManifestError(`manifest.batches must be a count, got ${String(m.batches)}`);
  if (!isCount(m.rowsRead)) throw new InvalidManifestError(`manifest.rowsRead must be a count, got ${String(m.rowsRead)}`);
  if (!isCount(m.bytesRead)) throw new InvalidManifestError(`manifest.bytesRead must be a count, got ${String(m.bytesRead)}`);
  if (typeof m.startedAt !== "string" || Number.isNaN(Date.parse(m.startedAt))) {
    throw new InvalidManifestError(`manifest.startedAt must be an ISO-8601 time, got ${String(m.startedAt)}`);
  }
  if (m.error !== undefined && typeof m.error !== "string") throw new InvalidManifestError("manifest.error must be a string when set");
  if (m.fetched !== undefined) {
    if (typeof m.fetched?.url !== "string" || m.fetched.url.length === 0) throw new InvalidManifestError("manifest.fetched.url must be a non-empty string");
    for (const f of ["etag", "lastModified"] as const) {
      if (m.fetched[f] !== null && typeof m.fetched[f] !== "string") throw new InvalidManifestError(`manifest.fetched.${f} must be a string or null`);
    }
  }
  if (m.rowsSkipped !== undefined && !isCount(m.rowsSkipped)) throw new InvalidManifestError(`manifest.rowsSkipped must be a count, got ${String(m.rowsSkipped)}`);
}
