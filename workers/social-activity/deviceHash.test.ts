import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDeviceHasher, DeviceSaltError, resolveDeviceSecret } from "./deviceHash.ts";

const DAY = 86_400_000;
const t0 = Date.parse("2024-05-01T10:00:00Z");
const dir = mkdtempSync(join(tmpdir(), "covidmesh-salt-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("device hashes", () => {
  test("keyed by the secret, and reveal nothing of the id", () => {
    const a = createDeviceHasher("salt-one-0123456789");
    const b = createDeviceHasher("salt-two-0123456789");
    expect(a("device-1", t0)).toBe(a("device-1", t0));
    expect(a("device-1", t0)).not.toBe(a("device-2", t0));
    expect(a("device-1", t0)).not.toBe(b("device-1", t0));
    expect(a("device-1", t0)).toMatch(/^[0-9a-f]{32}$/);
    expect(() => createDeviceHasher("short")).toThrow(DeviceSaltError);
  });

  test("the key rotates each UTC day: the same device hashes alike within a day, unrelated across days", () => {
    const h = createDeviceHasher("salt-one-0123456789");
    const midnight = Math.floor(t0 / DAY) * DAY;
    expect(h("device-1", midnight)).toBe(h("device-1", midnight + DAY - 1));
    expect(h("device-1", midnight + DAY)).not.toBe(h("device-1", midnight));
    // Over a month, a device never repeats a hash (no linking across days).
    const hashes = new Set(Array.from({ length: 30 }, (_, d) => h("device-1", t0 + d * DAY)));
    expect(hashes.size).toBe(30);
  });
});

describe("the service's secret", () => {
  test("the configured one wins; a short one is refused", () => {
    expect(resolveDeviceSecret({ configured: "configured-salt-0123456789", file: join(dir, "unused") })).toEqual({
      secret: "configured-salt-0123456789",
      origin: "configured",
    });
    expect(() => resolveDeviceSecret({ configured: "short" })).toThrow(DeviceSaltError);
  });

  test("else one generated into a file only the owner can read, and read back on the next start", () => {
    const file = join(dir, "sub", "device-salt");
    const first = resolveDeviceSecret({ file });
    expect(first.origin).toBe("file");
    expect(first.secret.length).toBeGreaterThanOrEqual(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8").trim()).toBe(first.secret);
    expect(resolveDeviceSecret({ file }).secret).toBe(first.secret);
  });

  test("an existing secret file is used as is; with neither, a per-process secret", () => {
    const file = join(dir, "given");
    writeFileSync(file, "operator-chosen-secret-123\n");
    expect(resolveDeviceSecret({ file }).secret).toBe("operator-chosen-secret-123");
    const x = resolveDeviceSecret({});
    expect(x.origin).toBe("ephemeral");
    expect(resolveDeviceSecret({}).secret).not.toBe(x.secret);
  });
});
