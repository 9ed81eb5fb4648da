import { describe, expect, test } from "bun:test";
import { headers as createHeaders } from "@nats-io/transport-node";
import { z } from "zod";
import { codecOf } from "./codecs/codecOf.ts";
import { createEnvelope, decodeMessage, envelopeFromHeaders, envelopeToHeaders, HEADER } from "./envelope.ts";
import { envelopeToCompactHeaders } from "./envelope.ts";
import { MeshDecodeError } from "./errors.ts";
import type { MessageDef } from "./types.ts";

const ping: MessageDef<{ n: number }> = { type: "test.ping", version: 2, schema: z.object({ n: z.number() }) };
const pong: MessageDef<{ n: number }> = { type: "test.pong", version: 1, schema: z.object({ n: z.number() }) };

describe("envelope", () => {
  test("round trips through headers and sets Nats-Msg-Id", () => {
    const env = createEnvelope(ping, "svc@host/1", { correlationId: "corr-1" });
    const h = envelopeToHeaders(env);
    expect(h.get(HEADER.natsMsgId)).toBe(env.id);
    expect(envelopeFromHeaders(h)).toEqual(env);
    expect(env.schemaVersion).toBe(2);
    expect(env.contentType).toBe("application/json");
  });

  test("the compact form is one header and round trips; a field holding its separator falls back to one header per field", () => {
    const env = createEnvelope(ping, "svc@host/1", { correlationId: "corr-1" });
    const h = envelopeToCompactHeaders(env);
    expect([...h.keys()]).toEqual([HEADER.envelope]);
    expect(envelopeFromHeaders(h)).toEqual(env);
    const odd = { ...env, source: "a|b" };
    const full = envelopeToCompactHeaders(odd);
    expect(full.has(HEADER.envelope)).toBe(false);
    expect(envelopeFromHeaders(full)).toEqual(odd);
    const bad = createHeaders();
    bad.set(HEADER.envelope, "1|only|three");
    expect(() => envelopeFromHeaders(bad)).toThrow(MeshDecodeError);
  });

  test("a new chain uses the message id as correlation id; given ids are kept", () => {
    const a = createEnvelope(ping, "s");
    expect(a.correlationId).toBe(a.id);
    const b = createEnvelope(ping, "s", { id: "fixed" });
    expect(b.id).toBe("fixed");
  });

  test("missing headers are a MeshDecodeError naming them", () => {
    const h = envelopeToHeaders(createEnvelope(ping, "s"));
    h.delete(HEADER.type);
    h.delete(HEADER.correlationId);
    expect(() => envelopeFromHeaders(h)).toThrow(MeshDecodeError);
    expect(() => envelopeFromHeaders(h)).toThrow(/Mesh-Type, Mesh-Correlation-Id/);
    expect(() => envelopeFromHeaders(undefined)).toThrow(MeshDecodeError);
  });

  test("a bad schema version header is rejected", () => {
    const h = envelopeToHeaders(createEnvelope(ping, "s"));
    h.set(HEADER.schemaVersion, "two");
    expect(() => envelopeFromHeaders(h)).toThrow(/not a positive integer/);
  });

  test("decodeMessage decodes the payload for the right type", () => {
    const env = createEnvelope(ping, "s");
    const got = decodeMessage(ping, { subject: "x", data: codecOf(ping).encode({ n: 7 }), headers: envelopeToHeaders(env) });
    expect(got.value).toEqual({ n: 7 });
    expect(got.envelope.id).toBe(env.id);
    expect(got.subject).toBe("x");
  });

  test("decodeMessage rejects another message type", () => {
    const h = envelopeToHeaders(createEnvelope(pong, "s"));
    expect(() => decodeMessage(ping, { subject: "x", data: codecOf(pong).encode({ n: 1 }), headers: h })).toThrow(/expected a "test.ping" message on "x", got "test.pong"/);
  });

  test("decodeMessage rejects a newer schema version but accepts older ones", () => {
    const newer = envelopeToHeaders(createEnvelope({ ...ping, version: 3 }, "s"));
    expect(() => decodeMessage(ping, { subject: "x", data: codecOf(ping).encode({ n: 1 }), headers: newer })).toThrow(/newer/);
    const older = envelopeToHeaders(createEnvelope({ ...ping, version: 1 }, "s"));
    expect(decodeMessage(ping, { subject: "x", data: codecOf(ping).encode({ n: 1 }), headers: older }).value.n).toBe(1);
  });

  test("decodeMessage rejects a foreign content type", () => {
    const h = envelopeToHeaders(createEnvelope(ping, "s"));
    h.set(HEADER.contentType, "text/plain");
    expect(() => decodeMessage(ping, { subject: "x", data: new Uint8Array([1]), headers: h })).toThrow(/content type/);
  });

  test("a header set built by hand without envelope is rejected", () => {
    const h = createHeaders();
    h.set("Other", "1");
    expect(() => decodeMessage(ping, { subject: "x", data: new Uint8Array(), headers: h })).toThrow(MeshDecodeError);
  });
});
