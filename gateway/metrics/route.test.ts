// GET /metrics is behind a key: a metrics key or an admin key reads it, nobody else does.
import { expect, test } from "bun:test";
import { createApiKeyVerifier } from "../auth/apiKeys.ts";
import { expectProblem, fakeMesh, testApp } from "../testSupport.ts";

test("without a key /metrics is 401 problem+json; a metrics key or an admin key reads it; an app key does not", async () => {
  const app = testApp(fakeMesh(), {
    metricsKeys: createApiKeyVerifier({ keys: ["scrape-key"] }),
    apiKeys: createApiKeyVerifier({ keys: ["admin-key"] }),
    appKeys: createApiKeyVerifier({ keys: ["app-key"] }),
  });
  const as = (key?: string) => app.request("/metrics", key ? { headers: { authorization: `Bearer ${key}` } } : {});
  const anonymous = await as();
  await expectProblem(anonymous, 401);
  expect(anonymous.headers.get("www-authenticate")).toContain("Bearer");
  await expectProblem(await as("app-key"), 401);
  await expectProblem(await as("guessed"), 401);
  for (const key of ["scrape-key", "admin-key"]) {
    const res = await as(key);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("process_cpu_seconds_total");
  }
});

test("with no key configured at all, /metrics stays closed", async () => {
  await expectProblem(await testApp(fakeMesh()).request("/metrics"), 401);
});
