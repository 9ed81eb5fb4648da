// JSON payloads validated with zod on both ends: the producer learns about a bad value where
// it made it, the consumer never trusts bytes from the wire.
import { z } from "zod";
import { MeshDecodeError, MeshEncodeError } from "../errors.ts";
import type { Codec } from "../types.ts";

export const JSON_CONTENT_TYPE = "application/json";

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

export interface JsonCodecOptions {
  /**
   * false = checked when decoded only: for hot-path messages whose producer has already validated
   * its input and whose type the compiler checks (the risk region queries).
   */
  checkOnEncode?: boolean;
}

export function jsonCodec<T>(schema: z.ZodType<T>, opts: JsonCodecOptions = {}): Codec<T> {
  const checkOnEncode = opts.checkOnEncode ?? true;
  return {
    contentType: JSON_CONTENT_TYPE,
    encode(value: T): Uint8Array {
      if (!checkOnEncode) return encoder.encode(JSON.stringify(value));
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
