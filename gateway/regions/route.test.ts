import { describe, expect, test } from "bun:test";
import { MeshRemoteError, MeshTimeoutError } from "../../mesh/mod.ts";
import { expectProblem, fakeMesh, forecast, regionDetail, testApp, timeseries } from "../testSupport.ts";

describe("GET /v1/regions", () => {
  test("searches by name or code through the mesh", async () => {
    const mesh = fakeMesh();
    const res = await testApp(mesh).request("/v1/regions?q=%20New%20York%20&limit=5");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { regions: Array<{ displayName: string }> };
    expect(body.regions[0].displayName).toBe("New York, New York, US");
    expect(mesh.calls[0]).toMatchObject({ method: "searchRegions", arg: { q: "New York", limit: 5 } });
    expect(res.headers.get("etag")).toBeTruthy();
  });

  test("q is required, limit is bounded", async () => {
    await expectProblem(await testApp(fakeMesh()).request("/v1/regions"), 400);
    await expectProblem(await testApp(fakeMesh()).request("/v1/regions?q="), 400);
    await expectProblem(await testApp(fakeMesh()).request("/v1/regions?q=kings&limit=500"), 400);
  });
});

describe("GET /v1/regions/:id", () => {
  test("returns the region from the mesh", async () => {
    const mesh = fakeMesh();
    const res = await testApp(mesh).request("/v1/regions/84036061");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(regionDetail);
    expect(mesh.calls[0]).toMatchObject({ method: "region", arg: 84036061 });
  });

  test("a non-numeric id is a 400; an unknown one is the worker's 404", async () => {
    await expectProblem(await testApp(fakeMesh()).request("/v1/regions/abc"), 400);
    const mesh = fakeMesh({ region: () => Promise.reject(new MeshRemoteError("unknown_region", "no region with id 7")) });
    const body = await expectProblem(await testApp(mesh).request("/v1/regions/7"), 404);
    expect(body.code).toBe("unknown_region");
  });
});

describe("GET /v1/regions/:id/timeseries", () => {
  test("passes the range to the mesh and returns the columns", async () => {
    const mesh = fakeMesh();
    const res = await testApp(mesh).request("/v1/regions/84036061/timeseries?from=2020-12-29&to=2020-12-30");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(timeseries);
    expect(mesh.calls[0]).toMatchObject({ method: "timeseries", arg: { id: 84036061, from: "2020-12-29", to: "2020-12-30" } });
  });

  test("from after to, or a bad date, is a 400", async () => {
    const body = await expectProblem(await testApp(fakeMesh()).request("/v1/regions/1/timeseries?from=2020-12-30&to=2020-12-01"), 400);
    expect(String(body.detail)).toContain("from must not be after to");
    await expectProblem(await testApp(fakeMesh()).request("/v1/regions/1/timeseries?from=2020-02-30"), 400);
  });

  test("503 when the mesh does not answer in time", async () => {
    const mesh = fakeMesh({ timeseries: () => Promise.reject(new MeshTimeoutError("covid.timeseries.get", 500)) });
    const res = await testApp(mesh).request("/v1/regions/1/timeseries");
    await expectProblem(res, 503);
    expect(res.headers.get("retry-after")).toBeTruthy();
  });
});

describe("GET /v1/regions/:id/forecast", () => {
  test("JSON by default", async () => {
    const res = await testApp(fakeMesh()).request("/v1/regions/84036061/forecast");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(forecast);
  });

  test("?format=hub-csv is the Forecast Hub CSV: a point row and 23 quantile rows per target", async () => {
    const res = await testApp(fakeMesh()).request("/v1/regions/84036061/forecast?format=hub-csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toStartWith("text/csv");
    const lines = (await res.text()).trim().split("\n");
    expect(lines[0]).toBe("forecast_date,target,target_end_date,location,type,quantile,value");
    expect(lines).toHaveLength(1 + 2 * 24);
    expect(lines[1]).toBe("2020-12-28,1 wk ahead inc case,2021-01-02,36061,point,NA,3861");
    expect(lines[2]).toBe("2020-12-28,1 wk ahead inc case,2021-01-02,36061,quantile,0.01,3000");
    expect(lines[25]).toBe("2020-12-28,2 wk ahead inc case,2021-01-09,36061,point,NA,3861");
  });

  test("the CSV and JSON are cached apart, and an unknown format is a 400", async () => {
    const mesh = fakeMesh();
    const app = testApp(mesh);
    const json = await app.request("/v1/regions/1/forecast");
    const csv = await app.request("/v1/regions/1/forecast?format=hub-csv");
    expect(json.headers.get("etag")).not.toBe(csv.headers.get("etag"));
    await expectProblem(await app.request("/v1/regions/1/forecast?format=xml"), 400);
  });
});

describe("GET /v1/regions/:id/weekly", () => {
  test("asks the mesh for the weekly indicators with the range, and validates it", async () => {
    const mesh = fakeMesh();
    const res = await testApp(mesh).request("/v1/regions/84036061/weekly?from=2025-10-01&to=2025-12-31");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { edVisits: { weeks: string[] }; hospitalAdmissions: { level: string[] } };
    expect(body.edVisits.weeks).toEqual(["2025-12-20", "2025-12-27"]);
    expect(body.hospitalAdmissions.level).toEqual(["low", "low"]);
    expect(mesh.calls[0]).toMatchObject({ method: "weekly", arg: { id: 84036061, from: "2025-10-01", to: "2025-12-31" } });
    await expectProblem(await testApp(fakeMesh()).request("/v1/regions/84036061/weekly?from=2025-12-31&to=2025-10-01"), 400);
    const missing = fakeMesh({ weekly: () => Promise.reject(new MeshRemoteError("unknown_region", "no region with id 7")) });
    await expectProblem(await testApp(missing).request("/v1/regions/7/weekly"), 404);
  });
});
