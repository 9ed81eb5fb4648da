import { describe, expect, test } from "bun:test";
import { MeshTimeoutError } from "../../mesh/mod.ts";
import { expectProblem, fakeMesh, testApp } from "../testSupport.ts";

const post = (body: unknown, headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "content-type": "application/json", ...headers },
  body: typeof body === "string" ? body : JSON.stringify(body),
});

describe("POST /v1/risk/batch", () => {
  test("one result per point, in order: answers and a point's own error", async () => {
    const mesh = fakeMesh();
    const res = await testApp(mesh).request(
      "/v1/risk/batch",
      post({
        points: [
          { lat: 40.7, lon: -74 },
          { lat: 41.9, lon: -87.6, groupSize: 50 },
          { lat: 41.9, lon: -87.6, date: "2019-01-01" },
        ],
      }),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { results: Array<{ answer?: { eventRisk: { groupSize: number } }; error?: { status: number; code: string } }> };
    expect(body.results).toHaveLength(3);
    expect(body.results[0].answer!.eventRisk.groupSize).toBe(10);
    expect(body.results[1].answer!.eventRisk.groupSize).toBe(50);
    expect(body.results[2].error).toMatchObject({ status: 404, code: "no_data_for_date" });
    const batches = mesh.calls.filter((c) => c.method === "riskBatch");
    expect(batches).toHaveLength(1);
    expect((batches[0].arg as unknown[]).length).toBe(3);
  });

  test("points already cached (by GET /v1/risk or an earlier batch) do not cross the mesh again", async () => {
    const mesh = fakeMesh();
    const app = testApp(mesh);
    await app.request("/v1/risk?lat=40.7&lon=-74");
    const res = await app.request(
      "/v1/risk/batch",
      post({
        points: [
          { lat: 40.7, lon: -74 },
          { lat: 1, lon: 2 },
        ],
      }),
    );
    expect(res.status).toBe(200);
    const batch = mesh.calls.find((c) => c.method === "riskBatch")!;
    expect(batch.arg).toEqual([{ lat: 1, lon: 2, groupSize: 10 }]);
    await app.request("/v1/risk/batch", post({ points: [{ lat: 1, lon: 2 }] }));
    expect(mesh.calls.filter((c) => c.method === "riskBatch")).toHaveLength(1);
    const get = await app.request("/v1/risk?lat=1&lon=2");
    expect(get.headers.get("x-cache")).toBe("hit");
  });

  test("100 points are accepted, 101 are a 400", async () => {
    const points = (n: number) => Array.from({ length: n }, (_, i) => ({ lat: i / 10, lon: i / 10 }));
    expect((await testApp(fakeMesh()).request("/v1/risk/batch", post({ points: points(100) }))).status).toBe(200);
    const body = await expectProblem(await testApp(fakeMesh()).request("/v1/risk/batch", post({ points: points(101) })), 400);
    expect(String(body.detail)).toContain("at most 100");
  });

  test("a body above 10 KB is a 413 problem, and the mesh is not asked", async () => {
    const mesh = fakeMesh();
    const big = JSON.stringify({ points: [{ lat: 1, lon: 2 }], pad: "x".repeat(11 * 1024) });
    const body = await expectProblem(await testApp(mesh).request("/v1/risk/batch", post(big)), 413);
    expect(body.limit).toBe(10 * 1024);
    expect(mesh.calls).toHaveLength(0);
  });

  test("a chunked body above 10 KB (no Content-Length) is a 413 too", async () => {
    const chunk = new TextEncoder().encode(" ".repeat(4096));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 4; i++) controller.enqueue(chunk);
        controller.close();
      },
    });
    const res = await testApp(fakeMesh()).request("/v1/risk/batch", { method: "POST", headers: { "content-type": "application/json" }, body: stream });
    await expectProblem(res, 413);
  });

  test("malformed JSON and bad points are 400 problems", async () => {
    await expectProblem(await testApp(fakeMesh()).request("/v1/risk/batch", post("{not json")), 400);
    const body = await expectProblem(await testApp(fakeMesh()).request("/v1/risk/batch", post({ points: [{ lat: 100, lon: 0 }] })), 400);
    expect(JSON.stringify(body.errors)).toContain("points.0.lat");
    await expectProblem(await testApp(fakeMesh()).request("/v1/risk/batch", post({ points: [] })), 400);
  });

  test("503 with Retry-After when the mesh misses the deadline", async () => {
    const mesh = fakeMesh({ riskBatch: () => Promise.reject(new MeshTimeoutError("covid.risk.batch", 500)) });
    const res = await testApp(mesh).request("/v1/risk/batch", post({ points: [{ lat: 1, lon: 2 }] }));
    await expectProblem(res, 503);
    expect(res.headers.get("retry-after")).toBe("1");
  });
});
