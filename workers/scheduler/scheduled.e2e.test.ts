// Scheduled ingestion on the real mesh and database: two schedulers on one schedule queue each
// job once, and each job runs once.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startTestSystem, type TestSystem } from "../../cli/testSupport.ts";
import { decodeMessage } from "../../mesh/envelope.ts";
import { messages, type JobEvent } from "../../domain/mod.ts";
import { connectMesh, type Mesh } from "../../mesh/mod.ts";
import { startScheduler } from "./main.ts";
import { type Enqueued, openJobStore } from "../../jobs/mod.ts";

let t: TestSystem;

beforeAll(async () => {
  t = await startTestSystem("scheduler", { load: "lookup" });
});
afterAll(() => t?.stop());

describe("scheduled ingestion", () => {
  test("two scheduler instances on one every-second schedule: each job is queued once and runs once", async () => {
    const schedule = { source: "jhu-us-cases", cron: "* * * * * *", file: t.smallCases };
    const meshes: Mesh[] = [];
    const results: Enqueued[] = [];
    const schedulers = [];
    for (const name of ["scheduler-a", "scheduler-b"]) {
      const m = await connectMesh({ servers: t.system.natsUrl, name, contract: t.system.client.contract });
      meshes.push(m);
      schedulers.push(await startScheduler({ mesh: m, schedules: [schedule], onScheduled: (r) => results.push(r) }));
    }
    await Bun.sleep(3_300);
    await Promise.all(schedulers.map((s) => s.stop()));
    await Promise.all(meshes.map((m) => m.close()));

    const ids = [...new Set(results.map((r) => r.record.jobId))];
    expect(ids.length).toBeGreaterThanOrEqual(3);
    for (const id of ids) {
      expect(id).toMatch(/^jhu-us-cases-at-\d{8}T\d{6}Z$/);
      expect(results.filter((r) => r.record.jobId === id && !r.duplicate)).toHaveLength(1);
    }
    // Run once: each job finishes, and its JOB_EVENTS history has one "running" (first delivery) and one "done".
    const store = await openJobStore(t.system.client);
    for (const id of ids) expect((await store.follow(id, 30_000))!.state).toBe("done");
    const events: JobEvent[] = [];
    const consumer = await t.system.client.js.consumers.get(t.system.client.contract.streams.jobEvents.name);
    const info = await t.system.client.jsm.streams.info(t.system.client.contract.streams.jobEvents.name);
    const msgs = await consumer.fetch({ max_messages: info.state.messages, expires: 2000 });
    for await (const m of msgs) {
      events.push(decodeMessage(messages.jobEvent, m).value);
      if (events.length === info.state.messages) break;
    }
    for (const id of ids) {
      const states = events.filter((e) => e.jobId === id).map((e) => e.state);
      expect(states.sort()).toEqual(["done", "running"]);
    }
  });
});
