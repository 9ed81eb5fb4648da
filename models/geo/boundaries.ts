// Bundled boundaries from npm, decoded once per process: us-atlas counties and states (feature
// ids are FIPS codes) and world-atlas countries at 1:50m (ids are ISO 3166 numeric codes, which
// are the JHU UIDs of countries). Read through createRequire so it works the same under Bun and
// Node, and so TypeScript never has to type-check megabytes of JSON.
import { createRequire } from "node:module";
import type { MultiPolygon, Polygon } from "geojson";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import { BoundaryDataError } from "../errors.ts";
import type { BoundaryFeature, BoundaryLayers } from "../types.ts";
import { usCountyUidFromFips, usStateUidFromFips } from "../../domain/mod.ts";

const require = createRequire(import.meta.url);
let cached: BoundaryLayers | null = null;

/** The decoded boundary layers, keyed by JHU UID. */
export function loadBoundaries(): BoundaryLayers {
  if (cached) return cached;
  const us = loadTopology("us-atlas/counties-10m.json", ["counties", "states"]);
  const world = loadTopology("world-atlas/countries-50m.json", ["countries"]);
  cached = {
    county: decode(us, "counties", (id) => usCountyUidFromFips(Number(id))),
    state: decode(us, "states", (id) => usStateUidFromFips(Number(id))),
    country: decode(world, "countries", (id) => Number(id)),
  };
  return cached;
}

function loadTopology(path: string, objects: string[]): Topology {
  let topology: Topology;
  try {
    topology = require(path) as Topology;
  } catch (err) {
    throw new BoundaryDataError(`cannot load ${path}: ${(err as Error).message}`, { cause: err });
  }
  const missing = objects.filter((name) => topology?.objects?.[name]?.type !== "GeometryCollection");
  if (missing.length > 0) throw new BoundaryDataError(`${path} lacks the object(s) ${missing.join(", ")}`);
  return topology;
}

/** Features whose id maps to a UID; ids that do not (e.g. world-atlas' Kosovo has none) are skipped. */
function decode(topology: Topology, name: string, toUid: (id: string) => number | null): BoundaryFeature[] {
  const collection = feature(topology, topology.objects[name] as GeometryCollection);
  const out: BoundaryFeature[] = [];
  for (const f of collection.features) {
    if (f.id === undefined || f.id === null || f.id === "") continue;
    const uid = toUid(String(f.id));
    if (uid === null || !Number.isInteger(uid)) continue;
    const type = f.geometry?.type;
    if (type !== "Polygon" && type !== "MultiPolygon") continue;
    out.push({ regionId: uid, geometry: f.geometry as Polygon | MultiPolygon });
  }
  return out;
}
