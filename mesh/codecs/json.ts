// JSON payloads validated with zod on both ends: the producer learns about a bad value where
// it made it, the consumer never trusts bytes from the wire.
import { z } from "zod";
import { MeshDecodeError, MeshEncodeError } from "../errors.ts";
import type { Codec } from "../types.ts";

export const JSON_CONTENT_TYPE = "application/json";

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

export interface JsonCodecOptions<T = unknown> {
  /**
   * false = checked when decoded only: for hot-path messages whose producer has already validated
   * its input and whose type the compiler checks (the risk region queries).
   */
  checkOnEncode?: boolean;
  /**
   * A hand check of the message's common form, for a hot path where the schema's own check is a
   * measurable share of the consumer's CPU: returns the value when it is of that form (and then
   * exactly what the schema would return: no key the schema would strip, no value it would
   * change), else null, and the schema decides. It may refuse more than the schema, never
   * accept more (a test holds each one to that).
   */
  plain?: (raw: unknown) => T | null;
}

export function jsonCodec<T>(schema: z.ZodType<T>, opts: JsonCodecOptions<T> = {}): Codec<T> {
  const checkOnEncode = opts.checkOnEncode ?? true;
  const plain = opts.plain;
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
      const fast = plain?.(raw);
      if (fast) return fast;
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
