import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { z } from "zod";
import { codecOf } from "./codecs/codecOf.ts";
import { DLQ_HEADER } from "./deadLetter.ts";
import { createEnvelope, envelopeToHeaders } from "./envelope.ts";
import { ensureStream } from "./provision.ts";
import { publish } from "./publish.ts";
import { meshTelemetry } from "./telemetry.ts";
import { connectTestMesh, deleteContractStreams, uniqueContract, waitFor } from "./testSupport.ts";
import { runWorkerPool, type DeadLetterInfo, type WorkerPool } from "./workerPool.ts";
import type { MessageDef, Mesh } from "./types.ts";

const contract = uniqueContract();
const job: MessageDef<{ n: number }> = { type: "test.job", version: 1, schema: z.object({ n: z.number().int() }) };
const STREAM = `${contract.prefix.toUpperCase()}_WORK`;
const DLQ = contract.streams.deadLetters.name;
let mesh: Mesh;
const pools: WorkerPool[] = [];

/** Each test gets its own subject and durable, so their messages never mix. */
function lane(name: string) {
  return { subject: `${contract.prefix}.work.${name}`, durable: `d-${name}` };
}
const fast = { backoffMs: [50, 100], ackWaitMs: 2000, fetchExpiresMs: 1000 };

async function start(opts: Parameters<typeof runWorkerPool<{ n: number }>>[1]): Promise<WorkerPool> {
  const pool = await runWorkerPool(mesh, opts);
  pools.push(pool);
  return pool;
}

async function pending(durable: string) {
  const ci = await mesh.jsm.consumers.info(STREAM, durable);
  return ci.num_pending + ci.num_ack_pending;
}

async function deadLetters(durable: string) {
  const subject = contract.subjects.deadLetter(STREAM, durable);
  const info = await mesh.jsm.streams.info(DLQ, { subjects_filter: subject });
  const count = info.state.subjects?.[subject] ?? 0;
  const msgs = [];
  if (count > 0) msgs.push(await mesh.jsm.streams.getMessage(DLQ, { last_by_subj: subject }));
  return { count, last: msgs[0] ?? null };
}

beforeAll(async () => {
  mesh = await connectTestMesh(contract);
  await ensureStream(mesh.jsm, { name: STREAM, subjects: [`${contract.prefix}.work.>`], retention: "workqueue", maxAgeMs: 600_000, duplicateWindowMs: 60_000 });
});
afterAll(async () => {
  await Promise.all(pools.map((p) => p.stop()));
  await deleteContractStreams(mesh);
  await mesh.close();
});

describe("runWorkerPool", () => {
  test("a handler failing twice then succeeding is retried and acked once", async () => {
    const { subject, durable } = lane("retry");
    const seen: number[] = [];
    const pool = await start({
      stream: STREAM,
      durable,
      filterSubject: subject,
      def: job,
      ...fast,
      maxDeliver: 5,
      handler: async (m) => {
        seen.push(m.deliveryCount);
        if (m.deliveryCount < 3) throw new Error(`flaky ${m.deliveryCount}`);
      },
    });
    await publish(mesh, subject, job, { n: 1 });
    await waitFor(() => pool.stats.processed === 1, "processed");
    expect(seen).toEqual([1, 2, 3]);
    expect(pool.stats).toMatchObject({ processed: 1, failed: 2, redelivered: 2, deadLettered: 0 });
    await waitFor(async () => (await pending(durable)) === 0, "nothing pending");
    expect(meshTelemetry().subjects[subject]).toMatchObject({ processed: 1, failed: 2, redeliveries: 2 });
  });

  test("a handler that always fails is dead-lettered after maxDeliver with reason and payload", async () => {
    const { subject, durable } = lane("doomed");
    const reported: DeadLetterInfo<{ n: number }>[] = [];
    let calls = 0;
    const pool = await start({
      // A long ack wait: only the pool's own term() can clear the message within the test.
      stream: STREAM,
      durable,
      filterSubject: subject,
      def: job,
      ...fast,
      ackWaitMs: 60_000,
      maxDeliver: 3,
      handler: async () => {
        calls++;
        throw new Error("always broken");
      },
      onDeadLetter: (dl) => {
        reported.push(dl);
      },
    });
    const sent = await publish(mesh, subject, job, { n: 42 }, { correlationId: "corr-doom" });
    await waitFor(() => pool.stats.deadLettered === 1, "dead letter");
    expect(calls).toBe(3);
    const dlq = await deadLetters(durable);
    expect(dlq.count).toBe(1);
    const h = dlq.last!.header;
    expect(h.get(DLQ_HEADER.reason)).toContain("always broken");
    expect(h.get(DLQ_HEADER.subject)).toBe(subject);
    expect(h.get(DLQ_HEADER.deliveries)).toBe("3");
    expect(h.get(DLQ_HEADER.streamSeq)).toBe(String(sent.seq));
    expect(h.get("Mesh-Correlation-Id")).toBe("corr-doom");
    expect(codecOf(job).decode(dlq.last!.data)).toEqual({ n: 42 });
    expect(reported[0]!.value).toEqual({ n: 42 });
    await waitFor(async () => (await pending(durable)) === 0, "source consumer drained");
    // Terminated by the pool itself, not rescued later by the max-deliveries watcher.
    expect(pool.stats.deadLettered).toBe(1);
    expect(reported).toHaveLength(1);
  });

  test("a poison message is dead-lettered at once, without retries", async () => {
    const { subject, durable } = lane("poison");
    let calls = 0;
    const pool = await start({
      stream: STREAM,
      durable,
      filterSubject: subject,
      def: job,
      ...fast,
      maxDeliver: 5,
      handler: async () => {
        calls++;
      },
    });
    const h = envelopeToHeaders(createEnvelope(job, "test"));
    await mesh.js.publish(subject, new TextEncoder().encode('{"n":"not a number"}'), { headers: h });
    await waitFor(() => pool.stats.deadLettered === 1, "poison dead letter");
    expect(calls).toBe(0);
    expect(pool.stats.redelivered).toBe(0);
    const dlq = await deadLetters(durable);
    expect(dlq.last!.header.get(DLQ_HEADER.reason)).toContain("undecodable");
    expect(dlq.last!.header.get(DLQ_HEADER.deliveries)).toBe("1");
    expect(new TextDecoder().decode(dlq.last!.data)).toBe('{"n":"not a number"}');
    await waitFor(async () => (await pending(durable)) === 0, "nothing pending");
  });

  test("never more than `concurrency` handlers in flight", async () => {
    const { subject, durable } = lane("bounded");
    let inFlight = 0;
    let maxSeen = 0;
    const pool = await start({
      stream: STREAM,
      durable,
      filterSubject: subject,
      def: job,
      ...fast,
      concurrency: 2,
      handler: async () => {
        inFlight++;
        maxSeen = Math.max(maxSeen, inFlight);
        await Bun.sleep(40);
        inFlight--;
      },
    });
    for (let i = 0; i < 10; i++) await publish(mesh, subject, job, { n: i });
    await waitFor(() => pool.stats.processed === 10, "all processed");
    expect(maxSeen).toBe(2);
  });

  test("two instances on one durable share the work, each message exactly once", async () => {
    const { subject, durable } = lane("shared");
    const byInstance = [0, 0];
    const seen = new Map<number, number>();
    const mk = (i: number) =>
      start({
        stream: STREAM,
        durable,
        filterSubject: subject,
        def: job,
        ...fast,
        concurrency: 2,
        handler: async (m) => {
          byInstance[i]!++;
          seen.set(m.value.n, (seen.get(m.value.n) ?? 0) + 1);
          await Bun.sleep(5);
        },
      });
    const [a, b] = await Promise.all([mk(0), mk(1)]);
    const n = 60;
    await Promise.all(Array.from({ length: n }, (_, i) => publish(mesh, subject, job, { n: i })));
    await waitFor(() => a!.stats.processed + b!.stats.processed === n, "all processed");
    expect(seen.size).toBe(n);
    expect([...seen.values()].every((c) => c === 1)).toBe(true);
    expect(byInstance[0]).toBeGreaterThan(0);
    expect(byInstance[1]).toBeGreaterThan(0);
    await waitFor(async () => (await pending(durable)) === 0, "nothing pending");
  });

  test("a handler hanging past its ack wait on the last delivery is dead-lettered from the advisory", async () => {
    const { subject, durable } = lane("hung");
    let release!: () => void;
    const hang = new Promise<void>((r) => (release = r));
    let calls = 0;
    const pool = await start({
      stream: STREAM,
      durable,
      filterSubject: subject,
      def: job,
      ...fast,
      ackWaitMs: 400,
      maxDeliver: 2,
      concurrency: 3,
      handler: async () => {
        calls++;
        await hang;
      },
    });
    await publish(mesh, subject, job, { n: 7 });
    await waitFor(() => pool.stats.deadLettered === 1, "advisory dead letter");
    release();
    expect(calls).toBe(2);
    const dlq = await deadLetters(durable);
    expect(dlq.last!.header.get(DLQ_HEADER.reason)).toContain("max deliveries");
    expect(codecOf(job).decode(dlq.last!.data)).toEqual({ n: 7 });
  });

  test("a deleted consumer is recreated and the pool keeps processing", async () => {
    const { subject, durable } = lane("recreate");
    const seen = new Set<number>();
    await start({
      stream: STREAM,
      durable,
      filterSubject: subject,
      def: job,
      ...fast,
      handler: async (m) => {
        seen.add(m.value.n);
      },
    });
    await publish(mesh, subject, job, { n: 1 });
    await waitFor(() => seen.has(1), "first message");
    await mesh.jsm.consumers.delete(STREAM, durable);
    await publish(mesh, subject, job, { n: 2 });
    await waitFor(() => seen.has(2), "message after the consumer was deleted");
    expect((await mesh.jsm.consumers.info(STREAM, durable)).config.max_deliver).toBe(5);
  });

  test("stop() waits for handlers in flight and ends the pull loop", async () => {
    const { subject, durable } = lane("stop");
    let started = false;
    let finished = false;
    const pool = await start({
      stream: STREAM,
      durable,
      filterSubject: subject,
      def: job,
      ...fast,
      handler: async () => {
        started = true;
        await Bun.sleep(150);
        finished = true;
      },
    });
    await publish(mesh, subject, job, { n: 1 });
    await waitFor(() => started, "handler start");
    await pool.stop();
    expect(finished).toBe(true);
    expect(pool.stats.processed).toBe(1);
  });

  test("transient failures (dependency down) are retried in place: no delivery spent, no dead letter", async () => {
    const { subject, durable } = lane("outage");
    class DependencyDown extends Error {}
    let calls = 0;
    const deliveries: number[] = [];
    const pool = await start({
      // maxDeliver 1: a single nak or redelivery would dead-letter the message.
      stream: STREAM,
      durable,
      filterSubject: subject,
      def: job,
      ...fast,
      maxDeliver: 1,
      transientRetryMaxMs: 100,
      isTransient: (err) => err instanceof DependencyDown,
      handler: async (m) => {
        calls++;
        deliveries.push(m.deliveryCount);
        if (calls <= 4) throw new DependencyDown("database unreachable");
      },
    });
    await publish(mesh, subject, job, { n: 7 });
    await waitFor(() => pool.stats.processed === 1, "processed after the outage");
    expect(calls).toBe(5);
    expect(deliveries).toEqual([1, 1, 1, 1, 1]);
    expect(pool.stats).toMatchObject({ processed: 1, failed: 0, redelivered: 0, deadLettered: 0, transientRetries: 4 });
    expect((await deadLetters(durable)).count).toBe(0);
  });

  test("a pool stopped while holding a message on an outage hands it back at once", async () => {
    const { subject, durable } = lane("outage-stop");
    class DependencyDown extends Error {}
    let held = false;
    const first = await start({
      stream: STREAM,
      durable,
      filterSubject: subject,
      def: job,
      ...fast,
      ackWaitMs: 60_000,
      maxDeliver: 5,
      isTransient: (err) => err instanceof DependencyDown,
      handler: async () => {
        held = true;
        throw new DependencyDown("database unreachable");
      },
    });
    await publish(mesh, subject, job, { n: 8 });
    await waitFor(() => held, "message held");
    await first.stop();
    // AckWait is 60 s: only the nak on stop lets the second pool see it within the test.
    const seen: number[] = [];
    const second = await start({
      stream: STREAM,
      durable,
      filterSubject: subject,
      def: job,
      ...fast,
      ackWaitMs: 60_000,
      maxDeliver: 5,
      handler: async (m) => {
        seen.push(m.value.n);
      },
    });
    await waitFor(() => second.stats.processed === 1, "redelivered to the second pool");
    expect(seen).toHaveLength(1);
    expect(first.stats).toMatchObject({ deadLettered: 0, processed: 0, failed: 0 });
  });
});
