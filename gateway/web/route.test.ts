import { expect, test } from "bun:test";
import { fakeMesh, testApp } from "../testSupport.ts";

test("the page, its bundled script and the boundaries are served by the gateway itself", async () => {
  const app = testApp(fakeMesh());
  const page = await app.request("/");
  expect(page.status).toBe(200);
  expect(page.headers.get("content-type")).toStartWith("text/html");
  const html = await page.text();
  for (const id of ["locate", "place", "group-size", "risk-panel", "history-chart", "forecast-chart", "map"]) expect(html).toContain(`id="${id}"`);
  expect(html).not.toMatch(/<(script|link)[^>]+(src|href)="https?:/); // no CDN

  const js = await app.request("/app.js");
  expect(js.status).toBe(200);
  const code = await js.text();
  expect(code).toContain("/v1/risk"); // the client, bundled from TypeScript
  expect(code).not.toContain("import "); // one self-contained bundle
  const gz = await app.request("/app.js", { headers: { "accept-encoding": "gzip" } });
  expect(gz.headers.get("content-encoding")).toBe("gzip");
  expect(new TextDecoder().decode(Bun.gunzipSync(new Uint8Array(await gz.arrayBuffer())))).toBe(code);
  const etag = js.headers.get("etag")!;
  expect((await app.request("/app.js", { headers: { "if-none-match": etag } })).status).toBe(304);

  const geo = await app.request("/geo/us-albers.json");
  expect(geo.status).toBe(200);
  const topology = (await geo.json()) as { type: string; objects: Record<string, unknown> };
  expect(topology.type).toBe("Topology");
  expect(Object.keys(topology.objects)).toEqual(expect.arrayContaining(["counties", "states"]));
  expect((await app.request("/app.css")).status).toBe(200);
});
