// Device activity through the gateway on the real mesh and database: k-anonymity (k − 1 devices:
// nothing reported; k: the hour and the day are).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startTestSystem, type TestSystem } from "../../cli/testSupport.ts";

const K = 3;
const NYC = 84036061;

let t: TestSystem;

beforeAll(async () => {
  t = await startTestSystem("activity", { env: { ACTIVITY_K: String(K) }, load: "lookup" });
});
afterAll(() => t?.stop());

describe("device activity through the gateway", () => {
  test("k−1 devices: nothing reported; k: the hour and the day are reported", async () => {
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000;
    const ping = (d: string) => ({ deviceId: `phone-${d}`, lat: 40.7831, lon: -73.9712, time: new Date(hour + 60_000).toISOString() });
    const day = Math.floor(hour / 86_400_000) * 86_400_000;
    const range = `from=${new Date(day).toISOString()}&to=${new Date(day + 86_400_000).toISOString()}`; // whole UTC days only
    const counts = async () => (await (await t.api(`/v1/regions/${NYC}/activity?${range}`)).json()) as any;

    // The pool reloads the registry shortly after the lookup job added regions; until then it answers 503.
    // Without a key, made-up devices are refused.
    expect((await t.postJson("/v1/activity", { pings: [ping("x")] }, false)).status).toBe(401);
    let first = await t.postJson("/v1/activity", { pings: [ping("a"), ping("b")] });
    for (let i = 0; i < 100 && first.status === 503; i++) {
      await Bun.sleep(50);
      first = await t.postJson("/v1/activity", { pings: [ping("a"), ping("b")] });
    }
    expect(first.status).toBe(202);
    for (let i = 0; i < 50 && (await t.system.client.jsm.streams.info(t.system.client.contract.streams.activity.name)).state.messages > 0; i++) await Bun.sleep(20);
    expect(await counts()).toMatchObject({ k: K, hourly: [], daily: [] });

    const res = await t.postJson("/v1/activity", { pings: [ping("c")] });
    expect(await res.json()).toEqual({ received: 1, accepted: 1, unlocated: 0, rejected: 0 });
    let c: any;
    for (let i = 0; i < 100; i++) {
      c = await counts();
      if (c.hourly.length > 0) break;
      await Bun.sleep(20);
    }
    expect(c.hourly).toEqual([{ hour: new Date(hour).toISOString(), devices: 3 }]);
    expect(c.daily).toEqual([{ day: new Date(hour).toISOString().slice(0, 10), devices: 3 }]);
  });
});
