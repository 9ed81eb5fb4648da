// Device ids are replaced by a keyed hash before anything is kept. The key rotates every UTC
// day: it is HMAC(secret, day), so a device's hashes on two days are unrelated and the table
// cannot follow a device from day to day (daily counts only ever compare hashes of one day).
// The secret is the service's own (DEVICE_SALT, or a file only this service reads), never
// stored in the mesh: a NATS client that could read it could test candidate device ids.
import { createHmac, randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

const DAY_MS = 86_400_000;
const MIN_SECRET = 16;

export class DeviceSaltError extends Error {
  override name = "DeviceSaltError";
}

/** Hashes a device id as of a time (ms): the UTC day of `atMs` picks the key. */
export type DeviceHasher = (deviceId: string, atMs: number) => string;

/** The key of one UTC day (day number since 1970-01-01). */
export function daySalt(secret: string, day: number): Buffer {
  return createHmac("sha256", secret).update(`covid-mesh device salt ${day}`, "utf8").digest();
}

/** 128 bits of HMAC-SHA256 under the day's key, hex: collisions are negligible at any realistic device count. */
export function createDeviceHasher(secret: string): DeviceHasher {
  if (secret.length < MIN_SECRET) throw new DeviceSaltError(`the device salt must be at least ${MIN_SECRET} characters`);
  // The last two days' keys are all a live stream needs; older pings are rare (≤ 30 days).
  const keys = new Map<number, Buffer>();
  return (deviceId, atMs) => {
    const day = Math.floor(atMs / DAY_MS);
    let key = keys.get(day);
    if (!key) {
      if (keys.size >= 32) keys.clear();
      key = daySalt(secret, day);
      keys.set(day, key);
    }
    return createHmac("sha256", key).update(deviceId, "utf8").digest("hex").slice(0, 32);
  };
}

export interface SaltSource {
  /** DEVICE_SALT: every instance of the service must share it (multi-host deployments set it). */
  configured?: string;
  /** Else a secret kept in this file (created 0600 on first start): one host, restarts agree. */
  file?: string;
}

/**
 * The service's secret: the configured one, else the one in `file` (created on first start),
 * else a random one for this process only (a restart then counts a device seen earlier that
 * day once more: acceptable for tests, not for a deployment — which sets DEVICE_SALT).
 */
export function resolveDeviceSecret(source: SaltSource): { secret: string; origin: "configured" | "file" | "ephemeral" } {
  if (source.configured) {
    if (source.configured.length < MIN_SECRET) throw new DeviceSaltError(`DEVICE_SALT needs at least ${MIN_SECRET} characters`);
    return { secret: source.configured, origin: "configured" };
  }
  if (source.file) {
    try {
      const text = readFileSync(source.file, "utf8").trim();
      if (text.length >= MIN_SECRET) return { secret: text, origin: "file" };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw new DeviceSaltError(`cannot read the device salt file ${source.file}`, { cause: err });
    }
    const secret = randomBytes(32).toString("hex");
    try {
      mkdirSync(dirname(source.file), { recursive: true });
      writeFileSync(source.file, `${secret}\n`, { mode: 0o600, flag: "wx" });
      chmodSync(source.file, 0o600);
    } catch (err) {
      // Another process created it first: use theirs.
      if ((err as NodeJS.ErrnoException).code === "EEXIST") {
        const theirs = readFileSync(source.file, "utf8").trim();
        if (theirs.length >= MIN_SECRET) return { secret: theirs, origin: "file" };
      }
      throw new DeviceSaltError(`cannot write the device salt file ${source.file}`, { cause: err });
    }
    return { secret, origin: "file" };
  }
  return { secret: randomBytes(32).toString("hex"), origin: "ephemeral" };
}
