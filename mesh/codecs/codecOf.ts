// The codec of a message kind, built once per kind: a kind is a plain object (type, version,
// schema), so the contract does not depend on the transport.
import type { Codec, MessageDef } from "../types.ts";
import { arrowCodec } from "./arrow.ts";
import { jsonCodec } from "./json.ts";

const codecs = new WeakMap<MessageDef<unknown>, Codec<unknown>>();

export function codecOf<T>(def: MessageDef<T>): Codec<T> {
  let codec = codecs.get(def as MessageDef<unknown>);
  if (codec === undefined) {
    codec = (def.codec ?? (def.encoding === "arrow-ipc" ? arrowCodec : jsonCodec(def.schema))) as Codec<unknown>;
    codecs.set(def as MessageDef<unknown>, codec);
  }
  return codec as Codec<T>;
}
