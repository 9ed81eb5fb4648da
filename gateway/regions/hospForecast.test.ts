// GET /v1/regions/:id/forecast?target=wk-inc-covid-hosp: JSON and hubverse CSV through the fake
// mesh, the default target unchanged, 400 for unknown targets or mismatched formats, the worker's
// 404 for regions without an admission forecast.
import { describe, expect, test } from "bun:test";
import { expectProblem, fakeMesh, hospForecastTexas, testApp } from "../testSupport.ts";

const HEADER = "reference_date,location,horizon,target,target_end_date,output_type,output_type_id,value";

describe("GET /v1/regions/:id/forecast?target=wk-inc-covid-hosp", () => {
  test("JSON: Texas' 5 horizons × 23 quantiles as the worker sent them", async () => {
    const mesh = fakeMesh();
    const res = await testApp(mesh).request("/v1/regions/84000048/forecast?target=wk-inc-covid-hosp");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    const body = (await res.json()) as typeof hospForecastTexas;
    expect(body).toEqual(hospForecastTexas);
    expect(body.horizons.map((h) => h.horizon)).toEqual([-1, 0, 1, 2, 3]);
    expect(body.horizons.every((h) => h.quantiles.length === 23)).toBe(true);
    expect(body.hubverseCsv).toBeUndefined();
    expect(mesh.calls).toEqual([expect.objectContaining({ method: "hospForecast", arg: { id: 84000048 } })]);
  });

  test("format=hubverse: text/csv with the hub's header and 5 × 23 rows", async () => {
    const mesh = fakeMesh();
    const res = await testApp(mesh).request("/v1/regions/84000048/forecast?target=wk-inc-covid-hosp&format=hubverse");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toStartWith("text/csv");
    const lines = (await res.text()).trimEnd().split("\n");
    expect(lines[0]).toBe(HEADER);
    expect(lines.length - 1).toBe(5 * 23);
    expect(lines[1]).toBe("2026-01-03,48,-1,wk inc covid hosp,2025-12-27,quantile,0.01,241.000");
    expect(lines.every((l, i) => i === 0 || l.split(",").length === 8)).toBe(true);
    expect(mesh.calls[0]).toMatchObject({ method: "hospForecast", arg: { id: 84000048, format: "hubverse" } });
  });

  test("the default target is still the case/death forecast", async () => {
    const mesh = fakeMesh();
    const res = await testApp(mesh).request("/v1/regions/84000048/forecast");
    expect(res.status).toBe(200);
    expect(mesh.calls[0]?.method).toBe("forecast");
  });

  test("an unknown target, or a format of the other target, is a 400 without a mesh call", async () => {
    const mesh = fakeMesh();
    const app = testApp(mesh);
    const body = await expectProblem(await app.request("/v1/regions/84000048/forecast?target=wk-inc-flu-hosp"), 400);
    expect(JSON.stringify(body)).toContain("target");
    await expectProblem(await app.request("/v1/regions/84000048/forecast?target=wk-inc-covid-hosp&format=hub-csv"), 400);
    await expectProblem(await app.request("/v1/regions/84000048/forecast?format=hubverse"), 400);
    expect(mesh.calls).toEqual([]);
  });

  test("a county (no admission forecast) is the worker's 404 as problem+json", async () => {
    const body = await expectProblem(await testApp(fakeMesh()).request("/v1/regions/84048201/forecast?target=wk-inc-covid-hosp"), 404);
    expect(body.code).toBe("no_hosp_forecast");
  });
});
