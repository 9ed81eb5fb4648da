import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { z } from "zod";
import { MeshNoRespondersError, MeshPublishError } from "./errors.ts";
import { listen } from "./listen.ts";
import { ensureStream } from "./provision.ts";
import { emit, publish } from "./publish.ts";
import { connectTestMesh, deleteContractStreams, uniqueContract, waitFor } from "./testSupport.ts";
import type { MessageDef, Mesh, Received } from "./types.ts";

const contract = uniqueContract();
const note: MessageDef<{ text: string }> = { type: "test.note", version: 1, schema: z.object({ text: z.string() }) };
const STREAM = `${contract.prefix.toUpperCase()}_NOTES`;
const subject = `${contract.prefix}.notes.a`;
let mesh: Mesh;

beforeAll(async () => {
  mesh = await connectTestMesh(contract);
  await ensureStream(mesh.jsm, { name: STREAM, subjects: [`${contract.prefix}.notes.>`], retention: "limits", maxAgeMs: 60_000, duplicateWindowMs: 60_000 });
});
afterAll(async () => {
  await deleteContractStreams(mesh);
  await mesh.close();
});

describe("publish", () => {
  test("the same id twice stores one message; the second is reported duplicate", async () => {
    const id = crypto.randomUUID();
    const first = await publish(mesh, subject, note, { text: "hello" }, { id });
    const second = await publish(mesh, subject, note, { text: "hello" }, { id });
    expect(first.duplicate).toBe(false);
    expect(first.stream).toBe(STREAM);
    expect(second.duplicate).toBe(true);
    expect(second.seq).toBe(first.seq);
    const info = await mesh.jsm.streams.info(STREAM);
    expect(info.state.messages).toBe(1);
    const stored = await mesh.jsm.streams.getMessage(STREAM, { seq: first.seq });
    expect(stored!.header.get("Mesh-Id")).toBe(id);
    expect(stored!.header.get("Mesh-Type")).toBe("test.note");
  });

  test("a subject no stream stores is a MeshNoRespondersError", async () => {
    await expect(publish(mesh, `${contract.prefix}.nowhere`, note, { text: "x" }, { timeoutMs: 2000 })).rejects.toBeInstanceOf(MeshNoRespondersError);
  });

  test("retryForMs keeps one message trying until a stream stores it, and stores it once", async () => {
    const late = `${contract.prefix}.late.a`;
    const lateStream = `${contract.prefix.toUpperCase()}_LATE`;
    const id = crypto.randomUUID();
    const t0 = Date.now();
    // No stream stores the subject yet: without retrying this is a MeshNoRespondersError (test above).
    const pending = publish(mesh, late, note, { text: "final" }, { id, timeoutMs: 1_000, retryForMs: 10_000 });
    await Bun.sleep(400);
    await ensureStream(mesh.jsm, { name: lateStream, subjects: [`${contract.prefix}.late.>`], retention: "limits", maxAgeMs: 60_000, duplicateWindowMs: 60_000 });
    const ack = await pending;
    expect(ack.stream).toBe(lateStream);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(400);
    expect((await mesh.jsm.streams.info(lateStream)).state.messages).toBe(1);
  });

  test("expectStream that does not match is a MeshPublishError", async () => {
    await expect(publish(mesh, subject, note, { text: "x" }, { expectStream: "OTHER" })).rejects.toBeInstanceOf(MeshPublishError);
  });
});

describe("emit and listen", () => {
  test("an event reaches a listener with its correlation id; bad events are dropped", async () => {
    const got: Received<{ text: string }>[] = [];
    const events = `${contract.prefix}.events.x`;
    const l = listen(mesh, events, note, (m) => {
      got.push(m);
    });
    await mesh.nc.flush();
    mesh.nc.publish(events, new TextEncoder().encode("no envelope"));
    emit(mesh, events, note, { text: "hi" }, { correlationId: "c-9" });
    await waitFor(() => got.length === 1, "event");
    await l.stop();
    expect(got[0]!.value.text).toBe("hi");
    expect(got[0]!.envelope.correlationId).toBe("c-9");
  });
});
