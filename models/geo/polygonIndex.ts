// Point-in-polygon over many polygons: rings flattened into one Float64Array, a bounding box per
// polygon part, and a 1° grid of the parts whose boxes touch each cell. A query tests only the
// parts of its cell, with a planar even-odd ray cast in lon/lat (the boundary data is drawn in
// lon/lat, so planar edges are what its lines mean).
//
// Antimeridian: a few rings (Russia, Fiji, Antarctica) jump from +180 to −180. Each ring is
// unwrapped into a continuous longitude range (e.g. 170…190); a ring that wraps all the way
// round (Antarctica) is closed along its pole. Queries also try lon ± 360.
import type { MultiPolygon, Polygon, Position } from "geojson";

const CELL_DEG = 1;
const COLS = 360 / CELL_DEG;
const ROWS = 180 / CELL_DEG;

export interface PolygonIndex {
  /** Index (into the input array) of the first geometry containing the point, or -1. */
  find(lon: number, lat: number): number;
  readonly parts: number;
}

export function buildPolygonIndex(geometries: (Polygon | MultiPolygon)[]): PolygonIndex {
  const coords: number[] = [];
  const ringStart: number[] = []; // vertex index (pairs) where each ring starts
  const partRingStart: number[] = []; // ring index where each part starts
  const partOwner: number[] = [];
  const bbox: number[] = [];

  geometries.forEach((geometry, owner) => {
    const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    for (const rings of polygons) {
      if (rings.length === 0 || rings[0].length < 4) continue;
      partRingStart.push(ringStart.length);
      partOwner.push(owner);
      const unwrapped = rings.map(unwrapRing);
      alignRings(unwrapped);
      let minX = Infinity,
        minY = Infinity,
        maxX = -Infinity,
        maxY = -Infinity;
      for (const ring of unwrapped) {
        ringStart.push(coords.length / 2);
        for (let i = 0; i < ring.length; i += 2) {
          const x = ring[i],
            y = ring[i + 1];
          coords.push(x, y);
          if (x < minX) minX = x;
          if (x > maxX) maxX = x;
          if (y < minY) minY = y;
          if (y > maxY) maxY = y;
        }
      }
      bbox.push(minX, minY, maxX, maxY);
    }
  });
  ringStart.push(coords.length / 2);
  partRingStart.push(ringStart.length - 1);

  const xy = Float64Array.from(coords);
  const rings = Int32Array.from(ringStart);
  const partRings = Int32Array.from(partRingStart);
  const owners = Int32Array.from(partOwner);
  const boxes = Float64Array.from(bbox);
  const grid = buildGrid(boxes, owners.length);

  function inPart(p: number, x: number, y: number): boolean {
    let inside = false;
    for (let r = partRings[p]; r < partRings[p + 1]; r++) {
      const start = rings[r];
      const end = rings[r + 1];
      for (let i = start, j = end - 1; i < end; j = i++) {
        const yi = xy[2 * i + 1];
        const yj = xy[2 * j + 1];
        if (yi > y !== yj > y) {
          const xi = xy[2 * i];
          const xj = xy[2 * j];
          if (x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
        }
      }
    }
    return inside;
  }

  return {
    parts: owners.length,
    find(lon: number, lat: number): number {
      const cell = cellOf(lon, lat);
      for (let k = grid.start[cell]; k < grid.start[cell + 1]; k++) {
        const p = grid.parts[k];
        const b = 4 * p;
        if (lat < boxes[b + 1] || lat > boxes[b + 3]) continue;
        for (let shift = -360; shift <= 360; shift += 360) {
          const x = lon + shift;
          if (x >= boxes[b] && x <= boxes[b + 2] && inPart(p, x, lat)) return owners[p];
        }
      }
      return -1;
    },
  };
}

/** Flattens a ring to [x0, y0, x1, y1, …] with continuous longitudes; closes pole-circling rings. */
function unwrapRing(ring: Position[]): number[] {
  const out: number[] = [ring[0][0], ring[0][1]];
  let offset = 0;
  let prev = ring[0][0];
  let sumLat = ring[0][1];
  for (let i = 1; i < ring.length; i++) {
    let x = ring[i][0] + offset;
    if (x - prev > 180) {
      offset -= 360;
      x -= 360;
    } else if (x - prev < -180) {
      offset += 360;
      x += 360;
    }
    out.push(x, ring[i][1]);
    sumLat += ring[i][1];
    prev = x;
  }
  if (offset !== 0) {
    // The ring went once round the globe: close it through the pole on its side.
    const pole = sumLat / ring.length < 0 ? -90 : 90;
    out.push(out[out.length - 2], pole, out[0], pole);
  }
  return out;
}

/** Shifts holes by multiples of 360° so they sit in the same longitude range as their outer ring. */
function alignRings(rings: number[][]): void {
  const centre = (r: number[]) => {
    let min = Infinity,
      max = -Infinity;
    for (let i = 0; i < r.length; i += 2) {
      if (r[i] < min) min = r[i];
      if (r[i] > max) max = r[i];
    }
    return (min + max) / 2;
  };
  const c0 = centre(rings[0]);
  for (let k = 1; k < rings.length; k++) {
    const shift = 360 * Math.round((c0 - centre(rings[k])) / 360);
    if (shift !== 0) for (let i = 0; i < rings[k].length; i += 2) rings[k][i] += shift;
  }
}

function cellOf(lon: number, lat: number): number {
  let col = Math.floor((lon + 180) / CELL_DEG);
  let row = Math.floor((lat + 90) / CELL_DEG);
  col = ((col % COLS) + COLS) % COLS;
  row = row < 0 ? 0 : row >= ROWS ? ROWS - 1 : row;
  return row * COLS + col;
}

/** CSR grid: parts of cell c are parts[start[c] … start[c+1]). Boxes wider than 360° cover every column. */
function buildGrid(boxes: Float64Array, count: number): { start: Int32Array; parts: Int32Array } {
  const cellsOf = (p: number, visit: (cell: number) => void) => {
    const b = 4 * p;
    const c0 = Math.floor((boxes[b] + 180) / CELL_DEG);
    const c1 = boxes[b + 2] - boxes[b] >= 360 ? c0 + COLS - 1 : Math.floor((boxes[b + 2] + 180) / CELL_DEG);
    const r0 = Math.max(0, Math.floor((boxes[b + 1] + 90) / CELL_DEG));
    const r1 = Math.min(ROWS - 1, Math.floor((boxes[b + 3] + 90) / CELL_DEG));
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) visit(r * COLS + (((c % COLS) + COLS) % COLS));
    }
  };
  const start = new Int32Array(COLS * ROWS + 1);
  for (let p = 0; p < count; p++) cellsOf(p, (cell) => start[cell + 1]++);
  for (let c = 0; c < COLS * ROWS; c++) start[c + 1] += start[c];
  const fill = start.slice(0, COLS * ROWS);
  const parts = new Int32Array(start[COLS * ROWS]);
  for (let p = 0; p < count; p++) cellsOf(p, (cell) => (parts[fill[cell]++] = p));
  return { start, parts };
}
