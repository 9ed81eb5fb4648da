import { describe, expect, test } from "bun:test";
import { fastRiskQuery } from "./fastQuery.ts";
import { riskQueryParams } from "./schemas.ts";
import { fakeMesh, testApp } from "../testSupport.ts";

const queries = [
  "lat=41.8781&lon=-87.6298",
  "lat=41.8781&lon=-87.6298&groupSize=50",
  "lon=-87.6298&lat=41.8781&groupSize=1&other=x",
  "lat=-0&lon=0",
  "lat=90&lon=-180&groupSize=100000",
  "lat=01.50&lon=2",
  "lat=90.0001&lon=0",
  "lat=1&lon=180.5",
  "lat=1&lon=2&groupSize=0",
  "lat=1&lon=2&groupSize=100001",
  "lat=1&lon=2&groupSize=2.5",
  "lat=1&lon=2&groupSize=",
  "lat=&lon=2",
  "lat=1e1&lon=2",
  "lat=0x10&lon=2",
  "lat=%2D1&lon=2",
  "lat=1&lat=2&lon=3",
  "lat=1&lon=2&date=2020-12-01",
  "lat=1&lon=2&date=2020-13-40",
  "la%74=1&lon=2",
  "lon=2",
  "lat=1&lon=2&limit=x",
  "lat=1&lon=2&wait=5",
  "lat=1&lon=2&lat",
  "lat&lon=2",
  "groupSize&lat=1&lon=2",
  "latx=1&lat=2&lon=3",
  "lat=1&lon=2&",
];

describe("fastRiskQuery", () => {
  test("accepts only what the zod schema accepts, with the same values; the rest is left to it", () => {
    let fast = 0;
    for (const q of queries) {
      const got = fastRiskQuery(`http://x/v1/risk?${q}`);
      if (got === null) continue;
      fast++;
      const params = Object.fromEntries(new URLSearchParams(q));
      const zod = riskQueryParams.safeParse(params);
      expect(zod.success, q).toBe(true);
      expect(got, q).toEqual({ lat: zod.data!.lat, lon: zod.data!.lon, groupSize: zod.data!.groupSize });
    }
    expect(fast).toBe(8);
  });

  test("through the app: a bad query still gets zod's 400 problem, a good one answers either way", async () => {
    const mesh = fakeMesh();
    const app = testApp(mesh);
    // Coordinates are plain decimals only: an exponent is refused like hex (strict numbers).
    for (const q of ["lat=1&lon=2&groupSize=0", "lat=91&lon=2", "lat=1&lat=2&lon=3", "lat=4.07128e1&lon=-74.006"]) expect((await app.request(`/v1/risk?${q}`)).status, q).toBe(400);
    for (const q of ["lat=40.7128&lon=-74.006", "lat=40.71280&lon=-74.0060", "lat=40.7128&lon=-74.006&date=2020-12-01"])
      expect((await app.request(`/v1/risk?${q}`)).status, q).toBe(200);
    // The first two are one point (and one cache entry), whichever path read them.
    expect(mesh.queries.map((q) => q.date ?? null)).toEqual([null, "2020-12-01"]);
  });

  test("a query the fast path does not take still meets strictNumbers' checks on /v1/risk", async () => {
    const app = testApp(fakeMesh());
    for (const q of ["lat=1&lon=2&limit=x", "lat=1&lon=2&wait=-1", "lat=1&lon=2&groupSize=0x10"]) expect((await app.request(`/v1/risk?${q}`)).status, q).toBe(400);
  });

  test("the fast path and the full path answer the same: status, body and headers", async () => {
    const app = testApp(fakeMesh());
    // A parameter name with "%" is left to the full path; the route ignores it either way.
    const fast = "/v1/risk?lat=40.7128&lon=-74.006&groupSize=20";
    const full = "/v1/risk?lat=40.7128&lon=-74.006&groupSize=20&x%41=1";
    expect(fastRiskQuery(`http://x${fast}`)).not.toBeNull();
    expect(fastRiskQuery(`http://x${full}`)).toBeNull();
    await app.request(fast); // fills the cache: both below are hits
    const [a, b] = [await app.request(fast), await app.request(full)];
    const headers = (r: Response) => Object.fromEntries([...r.headers].filter(([k]) => k !== "x-correlation-id"));
    expect(a.status).toBe(200);
    expect(headers(a)).toEqual(headers(b));
    expect(headers(a)["x-cache"]).toBe("hit");
    expect(a.headers.get("x-correlation-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await a.text()).toBe(await b.text());
    const etag = a.headers.get("etag")!;
    for (const url of [fast, full]) expect((await app.request(url, { headers: { "if-none-match": etag } })).status, url).toBe(304);
  });
});
