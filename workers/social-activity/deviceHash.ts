// Device ids are replaced by a keyed hash before anything is kept: HMAC-SHA256 with a secret
// salt, so a stored hash cannot be reversed by hashing candidate ids without the salt.
import { createHmac, randomBytes } from "node:crypto";
import type { KV } from "@nats-io/kv";
import { isRevisionConflict } from "../../mesh/mod.ts";

const SALT_KEY = "device-salt";

export type DeviceHasher = (deviceId: string) => string;

/** 128 bits of the HMAC, hex: collisions are negligible at any realistic device count. */
export function createDeviceHasher(salt: string): DeviceHasher {
  if (salt.length < 16) throw new RangeError("the device salt must be at least 16 characters");
  return (deviceId) => createHmac("sha256", salt).update(deviceId, "utf8").digest("hex").slice(0, 32);
}

/**
 * The configured salt, else the mesh-wide one in the state bucket, created by the first
 * instance that starts (every instance must hash alike, or one device would count twice).
 */
export async function resolveDeviceSalt(configured: string | undefined, state: KV): Promise<string> {
  if (configured) return configured;
  for (let attempt = 0; attempt < 3; attempt++) {
    const e = await state.get(SALT_KEY);
    if (e && e.operation === "PUT" && e.length > 0) return e.string();
    try {
      const salt = randomBytes(32).toString("hex");
      await state.create(SALT_KEY, new TextEncoder().encode(salt));
      return salt;
    } catch (err) {
      if (!isRevisionConflict(err)) throw err; // another instance created it first: read theirs
    }
  }
  throw new Error("device salt could not be read or created");
}
