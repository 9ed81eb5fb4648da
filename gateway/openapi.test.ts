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
      ["/v1/clusters", "get", ["200", "429", "503"]],
    ];
    for (const [path, method, statuses] of expected) {
      const op = doc.paths[path]?.[method];
      expect(op, `${method} ${path}`).toBeDefined();
      for (const s of statuses) expect(Object.keys(op.responses), `${method} ${path} ${s}`).toContain(s);
    }
    for (const name of ["RiskAnswer", "RiskBatchResponse", "RegionDetail", "Timeseries", "Forecast", "Clusters", "Problem"]) {
      expect(Object.keys(doc.components.schemas)).toContain(name);
    }
  });
});
