import { describe, expect, test } from "bun:test";
import { tableFromArrays, type Table } from "apache-arrow";
import { z } from "zod";
import { MeshEncodeError } from "../errors.ts";
import type { MessageDef } from "../types.ts";
import { ARROW_STREAM_CONTENT_TYPE } from "./arrow.ts";
import { codecOf } from "./codecOf.ts";
import { JSON_CONTENT_TYPE } from "./json.ts";

const note: MessageDef<{ text: string }> = { type: "test.note", version: 1, schema: z.object({ text: z.string() }) };
const columns: MessageDef<Table> = { type: "test.columns", version: 1, encoding: "arrow-ipc", schema: z.custom<Table>() };

describe("codecOf", () => {
  test("a kind without an encoding is JSON validated by its schema", () => {
    const codec = codecOf(note);
    expect(codec.contentType).toBe(JSON_CONTENT_TYPE);
    expect(codec.decode(codec.encode({ text: "hi" }))).toEqual({ text: "hi" });
    expect(() => codec.encode({ text: 3 } as unknown as { text: string })).toThrow(MeshEncodeError);
  });

  test("an arrow-ipc kind travels as an Arrow IPC stream", () => {
    const codec = codecOf(columns);
    expect(codec.contentType).toBe(ARROW_STREAM_CONTENT_TYPE);
    const back = codec.decode(codec.encode(tableFromArrays({ day: Int32Array.of(1, 2) })));
    expect([...back.getChild("day")!.toArray()]).toEqual([1, 2]);
  });

  test("the codec is built once per kind", () => {
    expect(codecOf(note)).toBe(codecOf(note));
  });
});
