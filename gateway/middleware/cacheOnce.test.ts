import { expect, test } from "bun:test";
import { Hono } from "hono";
import { fakeMesh, testApp } from "../testSupport.ts";
import { cacheOnce } from "./cacheOnce.ts";

test("the first 200 is rendered once and replayed; errors are not kept", async () => {
  let renders = 0;
  const app = new Hono();
  app.use("/doc", cacheOnce());
  app.get("/doc", (c) => {
    renders++;
    if (renders === 1) return c.text("not yet", 503);
    c.header("x-correlation-id", `r${renders}`);
    return c.json({ renders });
  });
  expect((await app.request("/doc")).status).toBe(503);
  const first = await app.request("/doc");
  expect(await first.json()).toEqual({ renders: 2 });
  const again = await app.request("/doc");
  expect(await again.json()).toEqual({ renders: 2 });
  expect(again.headers.get("content-type")).toStartWith("application/json");
  expect(again.headers.get("x-correlation-id")).toBeNull();
  expect(renders).toBe(2);
});

test("/openapi.json answers the same document every time, with this request's correlation id", async () => {
  const app = testApp(fakeMesh());
  const a = await app.request("/openapi.json");
  const b = await app.request("/openapi.json", { headers: { "x-correlation-id": "second" } });
  expect(await b.text()).toBe(await a.text());
  expect(b.headers.get("x-correlation-id")).toBe("second");
});
