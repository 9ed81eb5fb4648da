import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { z } from "zod";
import { ServiceError } from "../domain/mod.ts";
import { createEnvelope, envelopeToHeaders, HEADER } from "./envelope.ts";
import { MeshNoRespondersError, MeshRemoteError, MeshTimeoutError } from "./errors.ts";
import { request, serve } from "./request.ts";
import { connectTestMesh, uniqueContract, waitFor } from "./testSupport.ts";
import { meshTelemetry } from "./telemetry.ts";
import type { MessageDef, Mesh } from "./types.ts";

const contract = uniqueContract();
const add: MessageDef<{ a: number; b: number }> = { type: "test.add", version: 1, schema: z.object({ a: z.number(), b: z.number() }) };
const sum: MessageDef<{ sum: number; by: string }> = { type: "test.sum", version: 1, schema: z.object({ sum: z.number(), by: z.string() }) };
const subj = (name: string) => `${contract.prefix}.rpc.${name}`;
let mesh: Mesh;

beforeAll(async () => {
  mesh = await connectTestMesh(contract);
});
afterAll(async () => {
  await mesh.close();
});

describe("request/reply", () => {
  test("answers, carrying the caller's correlation id", async () => {
    const server = serve(mesh, subj("add"), {
      queue: "adders",
      request: add,
      response: sum,
      handler: async (v, ctx) => ({ sum: v.a + v.b, by: ctx.envelope.correlationId }),
    });
    await mesh.nc.flush();
    const reply = await request(mesh, subj("add"), add, { a: 2, b: 3 }, sum, { timeoutMs: 2000, correlationId: "corr-42" });
    expect(reply.value).toEqual({ sum: 5, by: "corr-42" });
    expect(reply.envelope.correlationId).toBe("corr-42");
    expect(reply.envelope.type).toBe("test.sum");
    expect(meshTelemetry().subjects[subj("add")]!.requests).toBeGreaterThanOrEqual(1);
    await server.stop();
  });

  test("a compact-envelope request carries one envelope header, and its reply and error reply come back the same way", async () => {
    const seen: Array<string[]> = [];
    const tap = mesh.nc.subscribe(subj("compact"), { callback: (_e, m) => void seen.push([...(m.headers?.keys() ?? [])]) });
    const server = serve(mesh, subj("compact"), {
      queue: "q",
      request: add,
      response: sum,
      handler: async (v, ctx) => {
        if (v.a < 0) throw new ServiceError("unknown_region", "negative");
        return { sum: v.a + v.b, by: ctx.envelope.correlationId };
      },
    });
    await mesh.nc.flush();
    const reply = await request(mesh, subj("compact"), add, { a: 2, b: 3 }, sum, { timeoutMs: 2000, correlationId: "corr-c", compactEnvelope: true });
    expect(reply.value).toEqual({ sum: 5, by: "corr-c" });
    expect(reply.envelope).toMatchObject({ type: "test.sum", correlationId: "corr-c", schemaVersion: 1 });
    expect(seen[0]).toEqual([HEADER.envelope]);
    const err = await request(mesh, subj("compact"), add, { a: -1, b: 0 }, sum, { timeoutMs: 2000, compactEnvelope: true }).catch((e) => e);
    expect(err).toBeInstanceOf(MeshRemoteError);
    expect((err as MeshRemoteError).code).toBe("unknown_region");
    tap.unsubscribe();
    await server.stop();
  });

  test("a deadline with a silent replier is a MeshTimeoutError", async () => {
    const sub = mesh.nc.subscribe(subj("silent"), { callback: () => {} });
    await mesh.nc.flush();
    const err = await request(mesh, subj("silent"), add, { a: 1, b: 1 }, sum, { timeoutMs: 150 }).catch((e) => e);
    expect(err).toBeInstanceOf(MeshTimeoutError);
    expect((err as MeshTimeoutError).timeoutMs).toBe(150);
    sub.unsubscribe();
  });

  test("nobody listening is a MeshNoRespondersError", async () => {
    await expect(request(mesh, subj("nobody"), add, { a: 1, b: 1 }, sum, { timeoutMs: 2000 })).rejects.toBeInstanceOf(MeshNoRespondersError);
  });

  test("a ServiceError comes back as MeshRemoteError with its code and message; any other error as internal", async () => {
    const server = serve(mesh, subj("fail"), {
      queue: "q",
      request: add,
      response: sum,
      handler: async () => {
        throw new ServiceError("unknown_region", "no such region");
      },
    });
    const crash = serve(mesh, subj("crash"), {
      queue: "q",
      request: add,
      response: sum,
      handler: async (v) => {
        // A coded error that is not a ServiceError: a SQLSTATE, or a Node system error.
        if (v.a === 1) throw Object.assign(new Error("secret internal detail (SQLSTATE 22008)"), { code: "22008", status: 400 });
        throw Object.assign(new Error("ENOENT: no such file, open '/secret/path'"), { code: "ENOENT" });
      },
    });
    await mesh.nc.flush();
    const err = await request(mesh, subj("fail"), add, { a: 1, b: 1 }, sum, { timeoutMs: 2000 }).catch((e) => e);
    expect(err).toBeInstanceOf(MeshRemoteError);
    expect(err.code).toBe("unknown_region");
    expect(err.message).toBe("no such region");
    for (const a of [1, 2]) {
      const internal = await request(mesh, subj("crash"), add, { a, b: 1 }, sum, { timeoutMs: 2000 }).catch((e) => e);
      expect(internal).toBeInstanceOf(MeshRemoteError);
      expect(internal.code).toBe("internal");
      expect(internal.message).toBe("internal error while handling the request");
    }
    await server.stop();
    await crash.stop();
  });

  test("an undecodable request is answered bad_request with the correlation id", async () => {
    const server = serve(mesh, subj("strict"), { queue: "q", request: add, response: sum, handler: async () => ({ sum: 0, by: "" }) });
    await mesh.nc.flush();
    const h = envelopeToHeaders(createEnvelope(add, "test", { correlationId: "c-bad" }));
    const reply = await mesh.nc.request(subj("strict"), new TextEncoder().encode('{"a":"x"}'), { timeout: 2000, headers: h });
    expect(reply.headers?.get(HEADER.error)).toBe("1");
    expect(reply.headers?.get(HEADER.correlationId)).toBe("c-bad");
    const payload = JSON.parse(new TextDecoder().decode(reply.data));
    expect(payload.code).toBe("bad_request");
    expect(payload.message).toContain("schema");
    await server.stop();
  });

  test("two instances in one queue group share the requests", async () => {
    const counts = { a: 0, b: 0 };
    const mk = (name: "a" | "b") =>
      serve(mesh, subj("shared"), {
        queue: "sharers",
        request: add,
        response: sum,
        handler: async (v) => {
          counts[name]++;
          return { sum: v.a + v.b, by: name };
        },
      });
    const a = mk("a");
    const b = mk("b");
    await mesh.nc.flush();
    const n = 60;
    const replies = await Promise.all(Array.from({ length: n }, (_, i) => request(mesh, subj("shared"), add, { a: i, b: 1 }, sum, { timeoutMs: 3000 })));
    expect(replies.map((r) => r.value.sum)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect(counts.a + counts.b).toBe(n);
    expect(counts.a).toBeGreaterThan(0);
    expect(counts.b).toBeGreaterThan(0);
    await a.stop();
    await b.stop();
  });

  test("stop() waits for the request being handled", async () => {
    let started = false;
    let finished = false;
    const server = serve(mesh, subj("slow"), {
      queue: "q",
      request: add,
      response: sum,
      handler: async (v) => {
        started = true;
        await Bun.sleep(200);
        finished = true;
        return { sum: v.a + v.b, by: "slow" };
      },
    });
    await mesh.nc.flush();
    const pending = request(mesh, subj("slow"), add, { a: 1, b: 2 }, sum, { timeoutMs: 3000 });
    await waitFor(() => started, "handler start");
    await server.stop();
    expect(finished).toBe(true);
    expect((await pending).value.sum).toBe(3);
  });
});
