// Micro-batches of /v1/risk's mesh path: the gateway sends the region queries of the requests
// that arrived within one event-loop turn as ONE request (covid.risk.regions.batch), the risk
// pool answers each query as it would alone and replies with one batch of frames, one result per
// query in the same order: a frame, or the error that query alone would have got. Per request,
// the NATS round trip, the envelope and the reply's header parsing are then paid once per batch.
//
// Wire form of the reply (content type below), little-endian:
//   u32 count, then per result: u8 kind (0 = frame, 1 = error, 2 = unchanged), u32 length, that
//   many bytes: a frame in the risk-frame wire form (riskFrameCodec: the pool encodes each
//   remembered frame once), an error as JSON {code, message}, or nothing (length 0).
// The gateway decodes each frame from a view of the reply (no copy).
//
// Version 2 (both messages) adds revalidation: a query may name the frame the gateway holds for
// it (`known`, the frame's tag); when the pool's frame for the query has that tag, the result is
// "unchanged" (kind 2) and the frame's bytes do not travel. A no-cache request still asks the
// pool, which still looks its answer up against its current data (HTTP's no-cache is exactly
// this: use the stored answer only after the origin has validated it). The pool replies in the
// version it was asked in (serve's mirrorVersion), and never sends kind 2 to a query without
// `known`, so a gateway of version 1 gets what it always got; a gateway of version 2 whose batch a
// version-1 pool refuses as too new asks again in version 1 (gateway/meshPort.ts).
import { z } from "zod";
import { MeshDecodeError, MeshEncodeError } from "./errors.ts";
import { remoteErrorSchema, type RemoteErrorPayload } from "./remoteError.ts";
import { FRAME_TAG, riskFrameCodec, riskRegionQuerySchema, type RiskFrame } from "./riskFrameMessages.ts";
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
        /** v2: the tag of the frame the gateway holds for this query (revalidation, above). */
        known: z.string().regex(FRAME_TAG).optional(),
      }),
    )
    .min(1)
    .max(MAX_RISK_BATCH),
});
export type RiskRegionBatchQuery = z.infer<typeof riskRegionBatchQuerySchema>;

/**
 * One query's result: its frame, the error it alone would have got, or (v2, only to a query that
 * named a `known` frame) that its frame is the known one.
 */
export type RiskFrameResult = { frame: RiskFrame } | { error: RemoteErrorPayload } | { unchanged: true };

export const RISK_FRAME_BATCH_CONTENT_TYPE = "application/vnd.covid-mesh.risk-frame-batch";
const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });
const FRAME = 0;
const ERROR = 1;
const UNCHANGED = 2;
const NOTHING = new Uint8Array(0);
const kindOf = (r: RiskFrameResult) => ("frame" in r ? FRAME : "error" in r ? ERROR : UNCHANGED);

export const riskFrameBatchCodec: Codec<RiskFrameResult[]> = {
  contentType: RISK_FRAME_BATCH_CONTENT_TYPE,
  encode(results) {
    const items = results.map((r) =>
      "frame" in r ? riskFrameCodec.encode(r.frame) : "error" in r ? encoder.encode(JSON.stringify({ code: r.error.code, message: r.error.message })) : NOTHING,
    );
    let size = 4;
    for (const b of items) size += 5 + b.length;
    const out = new Uint8Array(size);
    const view = new DataView(out.buffer);
    view.setUint32(0, items.length, true);
    let at = 4;
    for (let i = 0; i < items.length; i++) {
      out[at] = kindOf(results[i]);
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
      else if (kind === UNCHANGED) {
        if (length !== 0) throw new MeshDecodeError(`risk frame batch result ${i} is "unchanged" but carries ${length} bytes`);
        out[i] = { unchanged: true };
      } else throw new MeshDecodeError(`risk frame batch result ${i} has unknown kind ${kind}`);
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

const QUERY_KEYS = new Set(["lat", "lon", "groupSize", "regionIds", "correlationId", "known"]);
const isInt = (x: unknown, min: number, max: number): x is number => Number.isSafeInteger(x) && (x as number) >= min && (x as number) <= max;
const isIn = (x: unknown, min: number, max: number): x is number => typeof x === "number" && x >= min && x <= max;

/**
 * The gateway's batches as it sends them (no date, plain values), checked by hand: the schema's
 * own check was ≈ 2.5% of a bypassing request's CPU. Anything else — a date, an unknown key, a
 * value out of range — returns null and the schema decides (riskFrameBatchMessages.test.ts holds
 * this to accepting nothing the schema refuses, with the schema's values).
 */
export function plainBatchQuery(raw: unknown): RiskRegionBatchQuery | null {
  if (typeof raw !== "object" || raw === null) return null;
  const queries = (raw as { queries?: unknown }).queries;
  if (Object.keys(raw).length !== 1 || !Array.isArray(queries) || queries.length < 1 || queries.length > MAX_RISK_BATCH) return null;
  for (const q of queries) {
    if (typeof q !== "object" || q === null || Array.isArray(q)) return null;
    for (const k in q) if (!QUERY_KEYS.has(k)) return null;
    const { lat, lon, groupSize, regionIds, correlationId, known } = q as Record<string, unknown>;
    if (!isIn(lat, -90, 90) || !isIn(lon, -180, 180) || !isInt(groupSize, 1, 100_000)) return null;
    if (!Array.isArray(regionIds) || regionIds.length > 4) return null;
    for (const id of regionIds) if (!Number.isSafeInteger(id)) return null;
    if (correlationId !== undefined && typeof correlationId !== "string") return null;
    if (known !== undefined && (typeof known !== "string" || !FRAME_TAG.test(known))) return null;
  }
  return raw as RiskRegionBatchQuery;
}

/** Checked when decoded, as the single query is (riskRegionQueryCodec): by hand in its plain form, else by the schema. */
export const riskRegionBatchQueryCodec: Codec<RiskRegionBatchQuery> = jsonCodec(riskRegionBatchQuerySchema, { checkOnEncode: false, plain: plainBatchQuery });

export const riskFrameBatchMessages = {
  riskRegionBatchQuery: { type: "covid.risk-region-batch-query", version: 2, schema: riskRegionBatchQuerySchema, codec: riskRegionBatchQueryCodec },
  riskFrameBatch: { type: "covid.risk-frame-batch", version: 2, schema: z.custom<RiskFrameResult[]>(), codec: riskFrameBatchCodec },
} satisfies Record<string, MessageDef<unknown>>;

/**
 * The batch query as version 1 (no `known`), for a pool that does not read version 2: the same
 * schema and codec (a v1 query is a v2 query without `known`).
 */
export const riskRegionBatchQueryV1: MessageDef<RiskRegionBatchQuery> = { ...riskFrameBatchMessages.riskRegionBatchQuery, version: 1 };
