import { expect, test } from "bun:test";
import { fakeMesh, testApp } from "../testSupport.ts";

test("/docs is Swagger UI served from node_modules, reading /openapi.json, with no external URL", async () => {
  const app = testApp(fakeMesh());
  const page = await app.request("/docs");
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('src="/docs/assets/swagger-ui-bundle.js"');
  expect(html).not.toMatch(/https?:\/\//);
  const init = await (await app.request("/docs/init.js")).text();
  expect(init).toContain('url: "/openapi.json"');
  const bundle = await app.request("/docs/assets/swagger-ui-bundle.js");
  expect(bundle.status).toBe(200);
  expect(bundle.headers.get("content-type")).toStartWith("text/javascript");
  expect((await bundle.text()).length).toBeGreaterThan(100_000);
  expect((await app.request("/docs/assets/swagger-ui.css")).status).toBe(200);
  expect((await app.request("/docs/assets/..%2Fpackage.json")).status).toBe(404);
});
