import { describe, expect, test } from "bun:test";
import type { Storage } from "../sql/mod.ts";
import { withReplicaFallback } from "./replicaFallback.ts";

class Down extends Error {}
const isOutage = (err: unknown) => err instanceof Down;

/** A Storage whose listRegions/countObservations behave as told; nothing else is called. */
function fakeStorage(name: string, behaviour: { down?: boolean; broken?: boolean }, log: string[]): Storage {
  const call = async (method: string, value: unknown) => {
    log.push(`${name}.${method}`);
    if (behaviour.down) throw new Down(`${name} unreachable`);
    if (behaviour.broken) throw new TypeError(`${name} bad query`);
    return value;
  };
  return {
    driver: "postgres",
    listRegions: () => call("listRegions", [{ id: name === "primary" ? 1 : 2 }]),
    countObservations: () => call("countObservations", name === "primary" ? 10 : 20),
    close: async () => void log.push(`${name}.close`),
  } as unknown as Storage;
}

describe("withReplicaFallback", () => {
  test("reads go to the primary while it answers", async () => {
    const log: string[] = [];
    const s = withReplicaFallback(fakeStorage("primary", {}, log), fakeStorage("replica", {}, log), { isOutage });
    expect(await s.countObservations()).toBe(10);
    expect(s.driver).toBe("postgres");
    expect(log).toEqual(["primary.countObservations"]);
  });

  test("an unreachable primary falls back to the replica, and says so", async () => {
    const log: string[] = [];
    const fallbacks: string[] = [];
    const s = withReplicaFallback(fakeStorage("primary", { down: true }, log), fakeStorage("replica", {}, log), {
      isOutage,
      onFallback: (m) => fallbacks.push(m),
    });
    expect(await s.listRegions()).toEqual([{ id: 2 }] as never);
    expect(log).toEqual(["primary.listRegions", "replica.listRegions"]);
    expect(fallbacks).toEqual(["listRegions"]);
  });

  test("other errors are not hidden by the replica", async () => {
    const log: string[] = [];
    const s = withReplicaFallback(fakeStorage("primary", { broken: true }, log), fakeStorage("replica", {}, log), { isOutage });
    await expect(s.countObservations()).rejects.toBeInstanceOf(TypeError);
    expect(log).toEqual(["primary.countObservations"]);
  });

  test("close closes both", async () => {
    const log: string[] = [];
    const s = withReplicaFallback(fakeStorage("primary", {}, log), fakeStorage("replica", {}, log), { isOutage });
    await s.close();
    expect(log.sort()).toEqual(["primary.close", "replica.close"]);
  });
});
