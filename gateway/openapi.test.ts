// The OpenAPI document: valid OpenAPI 3.1 by a validator library, and it documents every route.
import { describe, expect, test } from "bun:test";
import { Validator } from "@seriousme/openapi-schema-validator";
import { fakeMesh, testApp } from "./testSupport.ts";

const doc = (await (await testApp(fakeMesh()).request("/openapi.json")).json()) as {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
  components: { schemas: Record<string, unknown> };
};

describe("/openapi.json", () => {
  test("passes @seriousme/openapi-schema-validator as OpenAPI 3.1", async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    if (!result.valid) console.error(JSON.stringify(result.errors, null, 2));
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  test("the validator does reject a broken document", async () => {
    const broken = structuredClone(doc) as Record<string, unknown>;
    delete broken.info;
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });

  test("documents every public route with its error answers", () => {
    const expected: Array<[string, string, string[]]> = [
      ["/v1/risk", "get", ["200", "304", "400", "404", "429", "503"]],
      ["/v1/risk/batch", "post", ["200", "400", "413", "429", "503"]],
      ["/v1/regions", "get", ["200", "400", "429", "503"]],
      ["/v1/regions/{id}", "get", ["200", "404", "400"]],
      ["/v1/regions/{id}/timeseries", "get", ["200", "400", "404", "503"]],
      ["/v1/regions/{id}/forecast", "get", ["200", "404", "503"]],
      ["/v1/clusters", "get", ["200", "400", "429", "503"]],
      ["/v1/regions/{id}/weekly", "get", ["200", "400", "404", "503"]],
      ["/v1/ingest", "post", ["200", "202", "400", "401", "403", "413", "503"]],
      ["/v1/jobs/{id}", "get", ["200", "400", "404", "503"]],
      ["/v1/reports", "post", ["202", "400", "401", "413", "503"]],
      ["/v1/activity", "post", ["202", "400", "413", "503"]],
      ["/v1/regions/{id}/activity", "get", ["200", "400", "503"]],
    ];
    for (const [path, method, statuses] of expected) {
      const op = doc.paths[path]?.[method];
      expect(op, `${method} ${path}`).toBeDefined();
      for (const s of statuses) expect(Object.keys(op.responses), `${method} ${path} ${s}`).toContain(s);
    }
    for (const name of ["RiskAnswer", "RiskBatchResponse", "RegionDetail", "Timeseries", "Forecast", "HospForecast", "Clusters", "WeeklyHistory", "Problem"]) {
      expect(Object.keys(doc.components.schemas)).toContain(name);
    }
  });

  test("describes every field of RiskAnswer.current, WeeklyHistory and the clusters run", () => {
    type Schema = { description?: string; properties?: Record<string, Schema>; anyOf?: Schema[]; oneOf?: Schema[]; items?: Schema; $ref?: string };
    const schemas = doc.components.schemas as Record<string, Schema>;
    const resolve = (s: Schema): Schema => (s.$ref ? schemas[s.$ref.split("/").pop()!] : s);
    // A nullable object is anyOf [object, null]: its fields are on the object branch.
    const objectOf = (s: Schema): Schema | undefined => {
      const r = resolve(s);
      if (r.properties) return r;
      return (r.anyOf ?? r.oneOf ?? []).map(resolve).find((b) => b.properties);
    };
    const undescribed: string[] = [];
    const walk = (s: Schema, path: string) => {
      const r = resolve(s);
      const described = r.description ?? s.description ?? (r.anyOf ?? r.oneOf ?? []).map(resolve).find((b) => b.description)?.description;
      if (!described) undescribed.push(path);
      const o = objectOf(s);
      for (const [k, v] of Object.entries(o?.properties ?? {})) walk(v, `${path}.${k}`);
    };
    walk(objectOf(schemas.RiskAnswer)!.properties!.current, "RiskAnswer.current");
    for (const [k, v] of Object.entries(objectOf(schemas.WeeklyHistory)!.properties!)) walk(v, `WeeklyHistory.${k}`);
    const clusters = objectOf(schemas.Clusters)!.properties!;
    walk(clusters.run, "Clusters.run");
    walk(clusters.runIds, "Clusters.runIds");
    // The hospital-admission forecast and its brief form in the risk answer.
    walk(objectOf(schemas.RiskAnswer)!.properties!.hospitalAdmissionsForecast, "RiskAnswer.hospitalAdmissionsForecast");
    for (const [k, v] of Object.entries(objectOf(schemas.HospForecast)!.properties!)) walk(v, `HospForecast.${k}`);
    expect(undescribed).toEqual([]);
    // The contract names of the issue.
    const ed = objectOf(objectOf(schemas.RiskAnswer)!.properties!.current)!.properties!;
    expect(Object.keys(objectOf(ed.edVisits)!.properties!)).toEqual(
      expect.arrayContaining(["regionId", "name", "fips", "scope", "weekEnding", "percentCovid", "level", "trend", "source"]),
    );
    expect(Object.keys(objectOf(ed.hospitalAdmissions)!.properties!)).toEqual(expect.arrayContaining(["regionId", "name", "weekEnding", "weekly", "per100k", "level", "source"]));
  });

  test("the forecast route documents target=wk-inc-covid-hosp and format=hubverse", () => {
    const op = doc.paths["/v1/regions/{id}/forecast"].get as unknown as { parameters: Array<{ name: string; schema: { enum?: string[]; default?: string } }> };
    const param = (name: string) => op.parameters.find((p) => p.name === name)!.schema;
    expect(param("target")).toMatchObject({ enum: ["cases-deaths", "wk-inc-covid-hosp"], default: "cases-deaths" });
    expect(param("format").enum).toContain("hubverse");
  });
});
