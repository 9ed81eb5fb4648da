// Numbers in URLs are plain decimals: Number()'s leniency ("" → 0, "0x10" → 16, "1e1" → 10) is refused.
import { describe, expect, test } from "bun:test";
import { expectProblem, fakeMesh, testApp } from "../testSupport.ts";
import { coordinateError, wholeNumberError } from "./strictNumbers.ts";

describe("coordinates in the query string", () => {
  test.each([
    ["lat=&lon=", "empty values used to ask about (0, 0)"],
    ["lat=0x10&lon=2", "hex used to read as 16"],
    ["lat=1e1&lon=2", "exponent"],
    ["lat=1&lon=0b11", "binary"],
    ["lat=%2040&lon=2", "leading space"],
    ["lat=Infinity&lon=2", "not finite"],
    ["lat=91&lon=2", "out of range"],
    ["lat=1&lon=-180.0001", "out of range"],
    ["lat=1&lat=2&lon=3", "given twice"],
    ["lat=1.&lon=2", "dangling point"],
  ])("%s → 400 problem+json without touching the mesh (%s)", async (query) => {
    const mesh = fakeMesh();
    const body = await expectProblem(await testApp(mesh).request(`/v1/risk?${query}`), 400);
    expect(JSON.stringify(body.errors)).toMatch(/"path":"(lat|lon)"/);
    expect(mesh.calls).toHaveLength(0);
  });

  test("plain decimals pass, with their exact values", async () => {
    const mesh = fakeMesh();
    for (const [lat, lon] of [
      ["40.7128", "-74.006"],
      ["-90", "180"],
      ["0", "-0.5"],
      ["07", "010.25"],
    ]) {
      expect((await testApp(mesh).request(`/v1/risk?lat=${lat}&lon=${lon}`)).status).toBe(200);
    }
    expect(mesh.queries.map((q) => [q.lat, q.lon])).toEqual([
      [40.7128, -74.006],
      [-90, 180],
      [0, -0.5],
      [7, 10.25],
    ]);
  });

  test.each([
    ["/v1/risk?lat=1&lon=2&groupSize=0x10", "groupSize"],
    ["/v1/risk?lat=1&lon=2&groupSize=1e1", "groupSize"],
    ["/v1/regions?q=york&limit=", "limit"],
    ["/v1/regions?q=york&limit=%2B5", "limit"],
    ["/v1/regions/0x4FE8C3D", "id"],
    ["/v1/regions/8.4036061e7/timeseries", "id"],
    ["/v1/regions/%2084036061/forecast", "id"],
    ["/v1/jobs/j-1?wait=1e1", "wait"],
  ])("%s → 400 on %s", async (url, path) => {
    const mesh = fakeMesh();
    const body = await expectProblem(await testApp(mesh).request(url), 400);
    expect((body.errors as { path: string }[]).map((e) => e.path)).toContain(path);
    expect(mesh.calls).toHaveLength(0);
  });

  test("plain whole numbers pass", async () => {
    const mesh = fakeMesh();
    expect((await testApp(mesh).request("/v1/risk?lat=1&lon=2&groupSize=25")).status).toBe(200);
    expect((await testApp(mesh).request("/v1/regions?q=york&limit=5")).status).toBe(200);
    expect((await testApp(mesh).request("/v1/regions/84036061")).status).toBe(200);
    expect((await testApp(mesh).request("/v1/regions/84036061/timeseries")).status).toBe(200);
    expect(mesh.queries[0].groupSize).toBe(25);
  });

  test("the check itself", () => {
    expect(wholeNumberError("limit", "10")).toBeNull();
    expect(wholeNumberError("limit", "-1")).toContain("digits");
    expect(coordinateError("lat", "45.5")).toBeNull();
    expect(coordinateError("lon", "-180")).toBeNull();
    expect(coordinateError("lat", "90.0000001")).toContain("between");
    expect(coordinateError("lat", " 1")).toContain("decimal");
    expect(coordinateError("lat", "+1")).toContain("decimal");
  });
});
