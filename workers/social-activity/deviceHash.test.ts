import { afterAll, beforeAll, expect, test } from "bun:test";
import { connectTestMesh, deleteContractStreams, uniqueContract } from "../../mesh/testSupport.ts";
import { openBucket, type Mesh } from "../../mesh/mod.ts";
import { createDeviceHasher, resolveDeviceSalt } from "./deviceHash.ts";

let mesh: Mesh;
beforeAll(async () => {
  mesh = await connectTestMesh(uniqueContract("salt"));
});
afterAll(async () => {
  await deleteContractStreams(mesh);
  await mesh.close();
});

test("device hashes are keyed by the salt and reveal nothing of the id", () => {
  const a = createDeviceHasher("salt-one-0123456789");
  const b = createDeviceHasher("salt-two-0123456789");
  expect(a("device-1")).toBe(a("device-1"));
  expect(a("device-1")).not.toBe(a("device-2"));
  expect(a("device-1")).not.toBe(b("device-1"));
  expect(a("device-1")).toMatch(/^[0-9a-f]{32}$/);
  expect(() => createDeviceHasher("short")).toThrow(RangeError);
});

test("without a configured salt, every instance gets the one the first created in the mesh", async () => {
  const state = await openBucket(mesh, mesh.contract.kv.state);
  const [x, y] = await Promise.all([resolveDeviceSalt(undefined, state), resolveDeviceSalt(undefined, state)]);
  expect(x).toBe(y);
  expect(x.length).toBeGreaterThanOrEqual(32);
  expect(await resolveDeviceSalt("configured-salt-0123456789", state)).toBe("configured-salt-0123456789");
});
