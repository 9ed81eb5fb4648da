import { describe, expect, test } from "bun:test";
import type { MultiPolygon, Polygon } from "geojson";
import { buildPolygonIndex } from "./polygonIndex.ts";

const square = (x0: number, y0: number, x1: number, y1: number) => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];

describe("buildPolygonIndex", () => {
  test("holes are outside; the first containing geometry wins", () => {
    const donut: Polygon = { type: "Polygon", coordinates: [square(0, 0, 10, 10), square(4, 4, 6, 6)] };
    const inner: Polygon = { type: "Polygon", coordinates: [square(4.5, 4.5, 5.5, 5.5)] };
    const index = buildPolygonIndex([donut, inner]);
    expect(index.find(2, 2)).toBe(0);
    expect(index.find(5, 5)).toBe(1);
    expect(index.find(4.2, 4.2)).toBe(-1);
    expect(index.find(20, 20)).toBe(-1);
  });

  test("a ring crossing the antimeridian contains points on both sides", () => {
    // 170°E … 170°W written the way world-atlas does: the ring jumps from 180 to −180.
    const ring = [
      [170, -10],
      [180, -10],
      [-180, -10],
      [-170, -10],
      [-170, 10],
      [-180, 10],
      [180, 10],
      [170, 10],
      [170, -10],
    ];
    const index = buildPolygonIndex([{ type: "Polygon", coordinates: [ring] }]);
    expect(index.find(175, 0)).toBe(0);
    expect(index.find(-175, 0)).toBe(0);
    expect(index.find(180, 0)).toBe(0);
    expect(index.find(160, 0)).toBe(-1);
    expect(index.find(-160, 0)).toBe(-1);
  });

  test("a ring that circles the pole covers the cap beyond it", () => {
    // Closed, and once round the globe with a single jump from 180 to −180, as Antarctica's coast is.
    const ring = [
      [0, -70],
      [90, -72],
      [180, -70],
      [-180, -70],
      [-90, -68],
      [0, -70],
    ];
    const polar: MultiPolygon = { type: "MultiPolygon", coordinates: [[ring]] };
    const index = buildPolygonIndex([polar]);
    expect(index.find(0, -80)).toBe(0);
    expect(index.find(135, -89)).toBe(0);
    expect(index.find(0, -60)).toBe(-1);
  });
});
