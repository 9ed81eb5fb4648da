// JSON payloads validated with zod on both ends: the producer learns about a bad value where
// it made it, the consumer never trusts bytes from the wire.
import { z } from "zod";
import { MeshDecodeError, MeshEncodeError } from "../errors.ts";
import type { Codec } from "../types.ts";

export const JSON_CONTENT_TYPE = "application/json";

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

export function jsonCodec<T>(schema: z.ZodType<T>): Codec<T> {
  return {
    contentType: JSON_CONTENT_TYPE,
    encode(value: T): Uint8Array {
      const checked = schema.safeParse(value);
      if (!checked.success) {
        throw new MeshEncodeError("value does not match its message schema", {
          cause: checked.error,
          issues: z.prettifyError(checked.error),
        });
      }
      // The original value is sent, not the parsed copy: encoding must not reshape data.
      return encoder.encode(JSON.stringify(value));
    },
    decode(bytes: Uint8Array): T {
      let raw: unknown;
      try {
        raw = JSON.parse(decoder.decode(bytes));
      } catch (err) {
        throw new MeshDecodeError(`payload is not valid UTF-8 JSON (${bytes.length} bytes)`, { cause: err });
      }
      const checked = schema.safeParse(raw);
      if (!checked.success) {
        throw new MeshDecodeError("payload does not match its message schema", {
          cause: checked.error,
          issues: z.prettifyError(checked.error),
        });
      }
      return checked.data;
    },
  };
}
