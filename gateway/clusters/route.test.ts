import { describe, expect, test } from "bun:test";
import { MeshTimeoutError } from "../../mesh/mod.ts";
import { clusters, currentClusters, expectProblem, fakeMesh, testApp } from "../testSupport.ts";

describe("GET /v1/clusters", () => {
  test("returns clusters and members, cached", async () => {
    const mesh = fakeMesh();
    const app = testApp(mesh);
    const res = await app.request("/v1/clusters");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(clusters);
    expect((await app.request("/v1/clusters")).headers.get("x-cache")).toBe("hit");
    expect(mesh.calls).toHaveLength(1);
  });

  test("run=current asks the mesh for the current-indicator clusters, cached apart from the historical ones", async () => {
    const mesh = fakeMesh();
    const app = testApp(mesh);
    const res = await app.request("/v1/clusters?run=current");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(currentClusters);
    expect(((await (await app.request("/v1/clusters?run=historical")).json()) as { run: string }).run).toBe("historical");
    expect(mesh.calls.map((c) => c.arg)).toEqual(["current", null]);
    await expectProblem(await app.request("/v1/clusters?run=latest"), 400);
  });

  test("503 when no worker answers", async () => {
    const mesh = fakeMesh({ clusters: () => Promise.reject(new MeshTimeoutError("covid.clusters.list", 500)) });
    await expectProblem(await testApp(mesh).request("/v1/clusters"), 503);
  });
});
