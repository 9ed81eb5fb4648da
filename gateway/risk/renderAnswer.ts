// A risk frame made into one point's answer: the body with its distances filled in, and a
// strong ETag that costs a hash of the frame once (remembered with the frame) plus the point's
// distances written out, not a hash of the whole body each time.
import { haversineKm } from "../../models/mod.ts";
import { fillRiskFrame, frameDistances, frameTagOf, type RiskFrame } from "../../mesh/mod.ts";
import type { CachedAnswer } from "../cache/edgeCache.ts";

// The frame's tag comes with it from the pool (made once per frame there); a frame without one
// is hashed once here.
const frameTag = frameTagOf;

export function renderAnswer(frame: RiskFrame, lat: number, lon: number): CachedAnswer {
  const distances = frameDistances(frame, lat, lon, haversineKm);
  const body = fillRiskFrame(frame, distances);
  // Same frame and same distances = same body. The distances themselves (km, 3 decimals, never
  // negative: digits and "." only) name them exactly, without hashing them per request.
  const tag = distances.length === 0 ? frameTag(frame) : `${frameTag(frame)}-${distances.join("_")}`;
  return { body, etag: `"${tag}"` };
}
