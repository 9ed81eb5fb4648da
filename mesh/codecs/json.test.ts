import { describe, expect, test } from "bun:test";
import { z } from "zod";
import { MeshDecodeError, MeshEncodeError } from "../errors.ts";
import { jsonCodec } from "./json.ts";

const codec = jsonCodec(z.object({ name: z.string(), count: z.number().int().nonnegative() }));
const bytes = (s: string) => new TextEncoder().encode(s);

describe("jsonCodec", () => {
  test("round trips a valid value", () => {
    expect(codec.decode(codec.encode({ name: "a", count: 2 }))).toEqual({ name: "a", count: 2 });
    expect(codec.contentType).toBe("application/json");
  });

  test("a payload that breaks the schema is a MeshDecodeError with the zod issues as text", () => {
    let err: unknown;
    try {
      codec.decode(bytes('{"name": 5, "count": -1}'));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MeshDecodeError);
    const issues = (err as MeshDecodeError).issues ?? "";
    expect(issues).toContain("name");
    expect(issues).toContain("count");
    expect((err as MeshDecodeError).message).toContain(issues);
  });

  test("bytes that are not JSON are a MeshDecodeError", () => {
    expect(() => codec.decode(bytes("{not json"))).toThrow(MeshDecodeError);
    expect(() => codec.decode(new Uint8Array([0xff, 0xfe]))).toThrow(MeshDecodeError);
  });

  test("encoding an invalid value fails at the producer", () => {
    expect(() => codec.encode({ name: "a", count: 1.5 })).toThrow(MeshEncodeError);
  });
});
