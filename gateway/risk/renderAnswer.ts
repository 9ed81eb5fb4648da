// A risk frame made into one point's answer: the body with its distances filled in, and a
// strong ETag that costs a hash of the frame once (remembered with the frame) plus the point's
// distances written out, not a hash of the whole body each time.
import { haversineKm } from "../../models/mod.ts";
import { fillRiskFrame, frameDistances, type RiskFrame } from "../../mesh/mod.ts";
import type { CachedAnswer } from "../cache/edgeCache.ts";

const frameTags = new WeakMap<RiskFrame, string>();

function frameTag(frame: RiskFrame): string {
  let tag = frameTags.get(frame);
  if (tag === undefined) {
    tag = Bun.hash(frame.parts.join("\u0000")).toString(36);
    frameTags.set(frame, tag);
  }
  return tag;
}

export function renderAnswer(frame: RiskFrame, lat: number, lon: number): CachedAnswer {
  const distances = frameDistances(frame, lat, lon, haversineKm);
  const body = fillRiskFrame(frame, distances);
  // Same frame and same distances = same body. The distances themselves (km, 3 decimals, never
  // negative: digits and "." only) name them exactly, without hashing them per request.
  const tag = distances.length === 0 ? frameTag(frame) : `${frameTag(frame)}-${distances.join("_")}`;
  return { body, etag: `"${tag}"` };
}
