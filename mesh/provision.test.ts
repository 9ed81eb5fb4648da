import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { AckPolicy, RetentionPolicy } from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import { MeshProvisionError } from "./errors.ts";
import { ensureConsumer, ensureStream, ensureStreams } from "./provision.ts";
import { connectTestMesh, deleteContractStreams, uniqueContract } from "./testSupport.ts";
import type { StreamSpec } from "./subjects.ts";
import type { Mesh } from "./types.ts";

const contract = uniqueContract();
let mesh: Mesh;

beforeAll(async () => {
  mesh = await connectTestMesh(contract);
});
afterAll(async () => {
  await deleteContractStreams(mesh);
  await mesh.close();
});

const spec = (name: string, retention: StreamSpec["retention"] = "limits"): StreamSpec => ({
  name: `${contract.prefix.toUpperCase()}_${name}`,
  subjects: [`${contract.prefix}.${name.toLowerCase()}.>`],
  retention,
  maxAgeMs: 60_000,
  duplicateWindowMs: 30_000,
});

describe("ensureStream", () => {
  test("creating twice is idempotent and keeps the stream", async () => {
    const s = spec("IDEM");
    const a = await ensureStream(mesh.jsm, s);
    const b = await ensureStream(mesh.jsm, s);
    expect(b.created).toEqual(a.created);
    expect(b.config.retention).toBe(RetentionPolicy.Limits);
    expect(b.config.max_age).toBe(nanos(60_000));
    expect(b.config.duplicate_window).toBe(nanos(30_000));
  });

  test("mutable fields drift back to the spec", async () => {
    const s = spec("DRIFT");
    await ensureStream(mesh.jsm, s);
    const updated = await ensureStream(mesh.jsm, { ...s, maxAgeMs: 120_000, subjects: [...s.subjects, `${contract.prefix}.drift2`] });
    expect(updated.config.max_age).toBe(nanos(120_000));
    expect(updated.config.subjects).toContain(`${contract.prefix}.drift2`);
  });

  test("a different retention is a MeshProvisionError that says why", async () => {
    const s = spec("RET");
    await ensureStream(mesh.jsm, s);
    const attempt = ensureStream(mesh.jsm, { ...s, retention: "workqueue" });
    await expect(attempt).rejects.toBeInstanceOf(MeshProvisionError);
    await expect(ensureStream(mesh.jsm, { ...s, retention: "workqueue" })).rejects.toThrow(/retention cannot change/);
  });

  test("overlapping subjects are a MeshProvisionError", async () => {
    const s = spec("OVER");
    await ensureStream(mesh.jsm, s);
    await expect(ensureStream(mesh.jsm, { ...s, name: `${s.name}_B` })).rejects.toBeInstanceOf(MeshProvisionError);
  });

  test("replicas: given ones are used, omitted ones leave an existing stream alone", async () => {
    const s = spec("REPL");
    const created = await ensureStream(mesh.jsm, s, { replicas: 1 });
    expect(created.config.num_replicas).toBe(1);
    expect((await ensureStream(mesh.jsm, s)).config.num_replicas).toBe(1);
    // A single server cannot hold three replicas: a named error, not a silent R1 stream.
    await expect(ensureStream(mesh.jsm, spec("REPL3"), { replicas: 3 })).rejects.toBeInstanceOf(MeshProvisionError);
  });

  test("ensureStreams creates every stream of the contract", async () => {
    const infos = await ensureStreams(mesh);
    expect(infos.map((i) => i.config.name).sort()).toEqual(
      Object.values(contract.streams)
        .map((s) => s.name)
        .sort(),
    );
    const jobs = infos.find((i) => i.config.name === contract.streams.ingestJobs.name)!;
    expect(jobs.config.retention).toBe(RetentionPolicy.Workqueue);
  });
});

describe("ensureConsumer", () => {
  test("creates a durable pull consumer, is idempotent, updates mutable fields", async () => {
    const s = spec("CONS");
    await ensureStream(mesh.jsm, s);
    const cfg = { durable_name: "workers", filter_subject: `${contract.prefix}.cons.>`, max_deliver: 3, ack_wait: nanos(2000) };
    const a = await ensureConsumer(mesh.jsm, s.name, cfg);
    expect(a.config.ack_policy).toBe(AckPolicy.Explicit);
    expect(a.config.deliver_subject).toBeUndefined();
    const b = await ensureConsumer(mesh.jsm, s.name, cfg);
    expect(b.created).toEqual(a.created);
    const c = await ensureConsumer(mesh.jsm, s.name, { ...cfg, max_deliver: 7, ack_wait: nanos(5000) });
    expect(c.config.max_deliver).toBe(7);
    expect(c.config.ack_wait).toBe(nanos(5000));
  });

  test("changing an immutable field is a MeshProvisionError", async () => {
    const s = spec("IMM");
    await ensureStream(mesh.jsm, s);
    await ensureConsumer(mesh.jsm, s.name, { durable_name: "w", filter_subject: `${contract.prefix}.imm.a` });
    await expect(ensureConsumer(mesh.jsm, s.name, { durable_name: "w", filter_subject: `${contract.prefix}.imm.b` })).rejects.toThrow(/filter_subject.*cannot change/);
  });

  test("a consumer on a missing stream is a MeshProvisionError", async () => {
    await expect(ensureConsumer(mesh.jsm, `${spec("NOPE").name}`, { durable_name: "w" })).rejects.toBeInstanceOf(MeshProvisionError);
  });
});
