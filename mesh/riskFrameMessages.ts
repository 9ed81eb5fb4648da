// The lean hot path of /v1/risk. The gateway resolves the point to region ids itself and asks
// for the answer of those regions; the risk pool replies with a *frame*: the answer's JSON as
// it will be sent, cut where the per-point distances go, and the centre of the region each
// distance is measured to. The gateway caches the frame by region and fills in the distances
// for each point, so the answer is built, validated and serialized once, by the risk pool.
//
// Wire form of a frame (content type below): one line of JSON `{"c":[lat,lon,…],"p":bool,"t":tag}`,
// "\n", then the parts joined by NUL. `t` (the frame's tag, frameTagOf) is optional: a reader
// that does not know it ignores it, a frame without it is tagged by its reader. JSON text never
// holds a raw NUL (JSON.stringify escapes control characters), so the separator cannot collide
// with the answer.
import { z } from "zod";
import { MeshDecodeError, MeshEncodeError } from "./errors.ts";
import { jsonCodec } from "./codecs/json.ts";
import type { Codec, MessageDef } from "./types.ts";
import { riskQuerySchema, type RiskAnswer } from "../domain/mod.ts";

export const riskRegionQuerySchema = riskQuerySchema.extend({
  /** Region ids whose boundary holds the point, most local first (the gateway's geolocation). */
  regionIds: z.array(z.number().int()).max(4),
});
export type RiskRegionQuery = z.infer<typeof riskRegionQuerySchema>;

export interface RiskFrame {
  /** The answer's JSON text cut at each per-point distance: parts.length = centres.length / 2 + 1. */
  parts: string[];
  /** lat, lon of the centre each distance is measured to, flat. */
  centres: number[];
  /**
   * The answer depends on the point itself (its region is the nearest centroid, or its regions
   * were found by the point): valid for this point only, not for others in its regions.
   */
  byPoint: boolean;
  /**
   * The frame's identity (frameTagOf), made once by its producer and sent in its head, so that a
   * reader neither hashes it (the gateway's ETag) nor needs its bytes again to know it has it.
   */
  tag?: string;
}

interface FrameHead {
  c: number[];
  p: boolean;
  t?: string;
}

/** The head's shape, checked by hand (no zod): the gateway decodes one head per request on the mesh path. */
function isFrameHead(h: unknown): h is FrameHead {
  if (typeof h !== "object" || h === null) return false;
  const { c, p } = h as Record<string, unknown>;
  if (typeof p !== "boolean" || !Array.isArray(c)) return false;
  const t = (h as Record<string, unknown>).t;
  if (t !== undefined && (typeof t !== "string" || !FRAME_TAG.test(t))) return false;
  for (const x of c) if (typeof x !== "number") return false;
  return true;
}

export const RISK_FRAME_CONTENT_TYPE = "application/vnd.covid-mesh.risk-frame";
const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });
const NUL = "\u0000";
/** A tag goes into an ETag between quotes: base-36 digits only. */
export const FRAME_TAG = /^[0-9a-z]{1,16}$/;

const tags = new WeakMap<RiskFrame, string>();

/**
 * The identity of a frame's content (its parts, centres and byPoint): a 64-bit hash, base 36.
 * Two frames with one tag render the same answer for every point. The frame's own `tag` when it
 * came with one, else hashed once per frame object.
 */
export function frameTagOf(frame: RiskFrame): string {
  if (frame.tag !== undefined) return frame.tag;
  let tag = tags.get(frame);
  if (tag === undefined) {
    tag = hashFrame(frame);
    tags.set(frame, tag);
  }
  return tag;
}

const hashFrame = (frame: RiskFrame) => Bun.hash(`${frame.centres.join(",")}|${frame.byPoint ? 1 : 0}${NUL}${frame.parts.join(NUL)}`).toString(36);

/** The frame with its tag made now (the producer's side: once per frame, which the risk pool remembers). */
const tagged = (frame: RiskFrame): RiskFrame => ({ ...frame, tag: hashFrame(frame) });

/** A frame sent again (the risk pool remembers frames) is not encoded again. */
const encoded = new WeakMap<RiskFrame, Uint8Array>();

export const riskFrameCodec: Codec<RiskFrame> = {
  contentType: RISK_FRAME_CONTENT_TYPE,
  encode(frame) {
    let bytes = encoded.get(frame);
    if (bytes) return bytes;
    if (frame.centres.length !== 2 * (frame.parts.length - 1)) throw new MeshEncodeError("a risk frame needs one centre per cut");
    const head: FrameHead = frame.tag === undefined ? { c: frame.centres, p: frame.byPoint } : { c: frame.centres, p: frame.byPoint, t: frame.tag };
    bytes = encoder.encode(`${JSON.stringify(head)}\n${frame.parts.join(NUL)}`);
    encoded.set(frame, bytes);
    return bytes;
  },
  decode(bytes) {
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch (err) {
      throw new MeshDecodeError(`risk frame is not valid UTF-8 (${bytes.length} bytes)`, { cause: err });
    }
    const nl = text.indexOf("\n");
    if (nl < 0) throw new MeshDecodeError("risk frame lacks its head line");
    let head: FrameHead;
    try {
      head = JSON.parse(text.slice(0, nl));
    } catch (err) {
      throw new MeshDecodeError("risk frame head is not {c: number[], p: boolean}", { cause: err });
    }
    if (!isFrameHead(head)) throw new MeshDecodeError("risk frame head is not {c: number[], p: boolean, t?: tag}");
    const parts = text.slice(nl + 1).split(NUL);
    if (head.c.length !== 2 * (parts.length - 1)) throw new MeshDecodeError(`risk frame has ${parts.length - 1} cuts but ${head.c.length / 2} centres`);
    return head.t === undefined ? { parts, centres: head.c, byPoint: head.p } : { parts, centres: head.c, byPoint: head.p, tag: head.t };
  },
};

/**
 * The query's JSON is checked when it is decoded only: its producer (the gateway) has already
 * validated the HTTP request, and the type system checks what it sends.
 */
export const riskRegionQueryCodec: Codec<RiskRegionQuery> = jsonCodec(riskRegionQuerySchema, { checkOnEncode: false });

export const riskFrameMessages = {
  riskRegionQuery: { type: "covid.risk-region-query", version: 1, schema: riskRegionQuerySchema, codec: riskRegionQueryCodec },
  riskFrame: { type: "covid.risk-frame", version: 1, schema: z.custom<RiskFrame>(), codec: riskFrameCodec },
} satisfies Record<string, MessageDef<unknown>>;

/** Where a cut goes: a number the producer writes in the answer, found again in its JSON text. */
const slotMarker = (i: number) => `${NUL}${i}`;
const MARKER_JSON = /"\\u0000(\d+)"/g;

/**
 * Cuts a finished answer at its per-point distances: the top-level `distanceKm` (to `region`)
 * and each `regions[i].distanceKm`. `centreOf` gives a region's centre, the same one the distance
 * was measured to; when one is unknown (or the answer is by point), the distances stay in the
 * text and the frame is marked byPoint. The frame carries its tag (frameTagOf).
 */
export function riskFrameOf(answer: RiskAnswer, centreOf: (regionId: number) => readonly [number, number] | null, byPoint = false): RiskFrame {
  const ids = [answer.region.id, ...answer.regions.map((r) => r.id)];
  const centres = ids.map(centreOf);
  if (byPoint || centres.some((c) => c === null)) return tagged({ parts: [JSON.stringify(answer)], centres: [], byPoint: true });
  const marked = {
    ...answer,
    distanceKm: slotMarker(0),
    regions: answer.regions.map((r, i) => ({ ...r, distanceKm: slotMarker(i + 1) })),
  };
  const text = JSON.stringify(marked);
  const parts: string[] = [];
  const flat: number[] = [];
  let last = 0;
  for (const m of text.matchAll(MARKER_JSON)) {
    const c = centres[Number(m[1])];
    if (!c) throw new MeshEncodeError(`risk frame slot ${m[1]} has no region`);
    parts.push(text.slice(last, m.index));
    flat.push(c[0], c[1]);
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  // A name holding the marker text itself would add cuts: send the whole answer instead.
  if (parts.length !== ids.length + 1) return tagged({ parts: [JSON.stringify(answer)], centres: [], byPoint: true });
  return tagged({ parts, centres: flat, byPoint: false });
}

/** The distances of one point to each centre of the frame, km with 3 decimals (as the risk pool rounds them). */
export function frameDistances(frame: RiskFrame, lat: number, lon: number, distanceKm: (lat1: number, lon1: number, lat2: number, lon2: number) => number): number[] {
  const { centres } = frame;
  const out = new Array<number>(centres.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Math.round(distanceKm(lat, lon, centres[2 * i], centres[2 * i + 1]) * 1000) / 1000;
  return out;
}

/** The answer's JSON with each cut filled by its distance (frameDistances). */
export function fillRiskFrame(frame: RiskFrame, distances: readonly number[]): string {
  const { parts } = frame;
  let out = parts[0];
  for (let i = 1; i < parts.length; i++) out += String(distances[i - 1]) + parts[i];
  return out;
}

/** The answer's JSON for one point. */
export function renderRiskFrame(frame: RiskFrame, lat: number, lon: number, distanceKm: (lat1: number, lon1: number, lat2: number, lon2: number) => number): string {
  return fillRiskFrame(frame, frameDistances(frame, lat, lon, distanceKm));
}
