// Pings → what is kept of them: (region, UTC hour, device hash). Coordinates are used only to
// find the region, in memory, and dropped with the request; device ids only to hash.
import type { DevicePing } from "../../domain/mod.ts";
import type { RegionLocator } from "../../models/mod.ts";
import type { DevicePresenceRecord } from "../../sql/mod.ts";
import type { DeviceHasher } from "./deviceHash.ts";

const HOUR_MS = 3_600_000;

export interface PresenceOptions {
  /** A point no boundary contains counts as in the nearest region only within this distance. */
  maxNearestKm: number;
  /** Pings dated later than now + this are refused (device clock errors). */
  maxFutureMs: number;
  /** Pings older than this are refused. */
  maxAgeMs: number;
  now: number;
}

export interface PresenceResult {
  rows: DevicePresenceRecord[];
  unlocated: number;
  rejected: number;
}

export function pingsToPresence(pings: readonly DevicePing[], locator: RegionLocator, hash: DeviceHasher, opts: PresenceOptions): PresenceResult {
  const seen = new Set<string>();
  const rows: DevicePresenceRecord[] = [];
  let unlocated = 0;
  let rejected = 0;
  for (const p of pings) {
    const t = Date.parse(p.time);
    if (!Number.isFinite(t) || t > opts.now + opts.maxFutureMs || t < opts.now - opts.maxAgeMs) {
      rejected++;
      continue;
    }
    const hit = locator.locate(p.lat, p.lon);
    if (!hit || (hit.match === "nearest" && hit.distanceKm > opts.maxNearestKm)) {
      unlocated++;
      continue;
    }
    const hour = new Date(Math.floor(t / HOUR_MS) * HOUR_MS).toISOString();
    const deviceHash = hash(p.deviceId, t); // the day's key: hashes of two days are unrelated
    const key = `${hit.region.id}|${hour}|${deviceHash}`;
    if (!seen.has(key)) {
      seen.add(key);
      rows.push({ regionId: hit.region.id, hour, deviceHash });
    }
  }
  return { rows, unlocated, rejected };
}
