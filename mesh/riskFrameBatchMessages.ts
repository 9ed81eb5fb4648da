// Micro-batches of /v1/risk's mesh path: the gateway sends the region queries of the requests
// that arrived within one event-loop turn as ONE request (covid.risk.regions.batch), the risk
// pool answers each query as it would alone and replies with one batch of frames, one result per
// query in the same order: a frame, or the error that query alone would have got. Per request,
// the NATS round trip, the envelope and the reply's header parsing are then paid once per batch.
//
// Wire form of the reply (content type below), little-endian:
//   u32 count, then per result: u8 kind (0 = frame, 1 = error), u32 length, that many bytes:
//   a frame in the risk-frame wire form (riskFrameCodec: the pool encodes each remembered frame
//   once), or an error as JSON {code, message}.
// The gateway decodes each frame from a view of the reply (no copy).
import { z } from "zod";
import { MeshDecodeError, MeshEncodeError } from "./errors.ts";
import { remoteErrorSchema, type RemoteErrorPayload } from "./remoteError.ts";
import { riskFrameCodec, riskRegionQuerySchema, type RiskFrame } from "./riskFrameMessages.ts";
import { jsonCodec } from "./codecs/json.ts";
import type { Codec, MessageDef } from "./types.ts";

/** Queries in one batch at most (the gateway flushes a batch when it is full). */
export const MAX_RISK_BATCH = 256;

export const riskRegionBatchQuerySchema = z.object({
  queries: z
    .array(
      riskRegionQuerySchema.extend({
        /** The HTTP request's correlation id: the batch's envelope has its own. */
        correlationId: z.string().optional(),
      }),
    )
    .min(1)
    .max(MAX_RISK_BATCH),
});
export type RiskRegionBatchQuery = z.infer<typeof riskRegionBatchQuerySchema>;

/** One query's result: its frame, or the error it alone would have got. */
export type RiskFrameResult = { frame: RiskFrame } | { error: RemoteErrorPayload };

export const RISK_FRAME_BATCH_CONTENT_TYPE = "application/vnd.covid-mesh.risk-frame-batch";
const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });
const FRAME = 0;
const ERROR = 1;

export const riskFrameBatchCodec: Codec<RiskFrameResult[]> = {
  contentType: RISK_FRAME_BATCH_CONTENT_TYPE,
  encode(results) {
    const items = results.map((r) => ("frame" in r ? riskFrameCodec.encode(r.frame) : encoder.encode(JSON.stringify({ code: r.error.code, message: r.error.message }))));
    let size = 4;
    for (const b of items) size += 5 + b.length;
    const out = new Uint8Array(size);
    const view = new DataView(out.buffer);
    view.setUint32(0, items.length, true);
    let at = 4;
    for (let i = 0; i < items.length; i++) {
      out[at] = "frame" in results[i] ? FRAME : ERROR;
      view.setUint32(at + 1, items[i].length, true);
      out.set(items[i], at + 5);
      at += 5 + items[i].length;
    }
    if (at !== size) throw new MeshEncodeError(`risk frame batch: wrote ${at} of ${size} bytes`);
    return out;
  },
  decode(bytes) {
    if (bytes.length < 4) throw new MeshDecodeError(`risk frame batch of ${bytes.length} bytes lacks its count`);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const count = view.getUint32(0, true);
    if (count > MAX_RISK_BATCH) throw new MeshDecodeError(`risk frame batch says ${count} results (at most ${MAX_RISK_BATCH})`);
    const out: RiskFrameResult[] = new Array(count);
    let at = 4;
    for (let i = 0; i < count; i++) {
      if (at + 5 > bytes.length) throw new MeshDecodeError(`risk frame batch ends inside result ${i} of ${count}`);
      const kind = bytes[at];
      const length = view.getUint32(at + 1, true);
      const start = at + 5;
      if (start + length > bytes.length) throw new MeshDecodeError(`risk frame batch result ${i} (${length} bytes) runs past the end`);
      const item = bytes.subarray(start, start + length);
      if (kind === FRAME) out[i] = { frame: riskFrameCodec.decode(item) };
      else if (kind === ERROR) out[i] = { error: decodeError(item, i) };
      else throw new MeshDecodeError(`risk frame batch result ${i} has unknown kind ${kind}`);
      at = start + length;
    }
    if (at !== bytes.length) throw new MeshDecodeError(`risk frame batch has ${bytes.length - at} bytes after its ${count} results`);
    return out;
  },
};

function decodeError(bytes: Uint8Array, i: number): RemoteErrorPayload {
  try {
    return remoteErrorSchema.parse(JSON.parse(decoder.decode(bytes)));
  } catch (err) {
    throw new MeshDecodeError(`risk frame batch result ${i} is not an error {code, message}`, { cause: err });
  }
}

/** Checked with zod when decoded, as the single query is (riskRegionQueryCodec). */
export const riskRegionBatchQueryCodec: Codec<RiskRegionBatchQuery> = jsonCodec(riskRegionBatchQuerySchema, { checkOnEncode: false });

export const riskFrameBatchMessages = {
  riskRegionBatchQuery: { type: "covid.risk-region-batch-query", version: 1, schema: riskRegionBatchQuerySchema, codec: riskRegionBatchQueryCodec },
  riskFrameBatch: { type: "covid.risk-frame-batch", version: 1, schema: z.custom<RiskFrameResult[]>(), codec: riskFrameBatchCodec },
} satisfies Record<string, MessageDef<unknown>>;
