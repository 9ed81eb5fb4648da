// Hostile input at every gateway route, in-process (app.request): random and nasty path
// segments, query values, headers and bodies. Every answer must be 2xx, 4xx or 503 (when the
// mesh is down); every error problem+json with its status; and no answer may carry internal
// text (stack frames, SQLSTATE, ECONNREFUSED, file paths). Prints how many inputs were tried
// and the statuses seen.
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { MeshTimeoutError } from "../mesh/mod.ts";
import { createApiKeyVerifier } from "./auth/apiKeys.ts";
import { createProxyList } from "./middleware/clientAddress.ts";
import { fakeMesh, testApp } from "./testSupport.ts";
import type { MeshPort } from "./types.ts";
import type { JobRecord } from "../domain/mod.ts";
import { recordQueued } from "../jobs/mod.ts";

/** Internal text no answer may contain (unless the request itself sent it back, which inputs avoid). */
const INTERNAL = /\n\s+at\s|\bat \S+\.(ts|js):\d+|SQLSTATE|ECONNREFUSED|node_modules|\/work\/|\/home\/|\.ts:\d+|TypeError|ReferenceError|undefined is not/;

const NASTY = [
  "",
  " ",
  "0",
  "-0",
  "00",
  "0x10",
  "0b11",
  "0o7",
  "1e1",
  "1e309",
  "-1e-400",
  "NaN",
  "Infinity",
  "-Infinity",
  "1.",
  ".5",
  "+1",
  " 1",
  "1 ",
  "１２",
  "١٢٣",
  "1,5",
  "1_000",
  "9".repeat(400),
  "-".repeat(50),
  "2024-02-30",
  "2024-13-01",
  "0000-00-00",
  "9999-12-31T23:59:60Z",
  "null",
  "true",
  "[]",
  "{}",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "' OR 1=1 --",
  "'; drop table regions; --",
  "\\",
  "../../etc/passwd",
  "..%2f..%2fetc%2fpasswd",
  "%00",
  "\u0000",
  "\u202e",
  "\uffff",
  "\ud800",
  "😷",
  "<script>alert(1)</script>",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a hostile literal (log4shell probe), not a template
  "${jndi:ldap://x}",
  "{{7*7}}",
  "a".repeat(5000),
  "\r\nSet-Cookie: x=1",
  "%",
  "%zz",
  "&",
  "=",
  "?",
  "#",
  "/",
  ";",
];

const noInternal = (s: string) => !INTERNAL.test(s);
const hostile = fc
  .oneof(
    { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
    { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
    { weight: 1, arbitrary: fc.double().map(String) },
    { weight: 1, arbitrary: fc.integer().map(String) },
  )
  .filter(noInternal);

/** Header values are ByteStrings without CR/LF/NUL (anything else is refused before the app). */
const headerValue = hostile.map((s) => s.replace(/[^\x20-\x7e\x80-\xff]/g, "").slice(0, 300));

const KEYS = { admin: "admin-key-123", app: "app-key-123", metrics: "metrics-key-123" };
const QUERY_NAMES = ["lat", "lon", "groupSize", "date", "q", "limit", "from", "to", "wait", "format", "target", "run", "id", "x"];

/** Percent-encoded (lone surrogates become U+FFFD: they cannot be encoded), or raw bytes that are not UTF-8. */
const enc = (s: string) => encodeURIComponent(s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD"));
const RAW = ["%ff", "%c0%af", "%ED%A0%80", "%", "%zz", "%00", "%2e%2e", "..", "%2F"];
const encoded = fc.oneof({ weight: 5, arbitrary: hostile.map(enc) }, { weight: 1, arbitrary: fc.constantFrom(...RAW) });

const segment = fc.oneof(encoded, fc.constantFrom("84036061", "84000048", "1", "0", "-1", "4294967296", "swagger-ui.css", "job-1"));

const queryString = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...QUERY_NAMES), encoded), encoded), { maxLength: 5 }).map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join("&"));

const headers = fc.record(
  {
    authorization: fc.oneof(
      fc.constantFrom(...Object.values(KEYS)).map((k) => `Bearer ${k}`),
      headerValue.map((v) => `Bearer ${v}`),
      headerValue,
    ),
    "x-api-key": fc.oneof(fc.constantFrom(...Object.values(KEYS)), headerValue),
    "idempotency-key": headerValue,
    "x-correlation-id": headerValue,
    "if-none-match": headerValue,
    "x-forwarded-for": headerValue,
    "content-type": fc.oneof(fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data"), headerValue),
  },
  { requiredKeys: [] },
);

const ping = fc.record({ deviceId: hostile, lat: fc.oneof(fc.double(), hostile), lon: fc.oneof(fc.double(), hostile), time: hostile });
const body = fc.oneof(
  hostile,
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.record({ pings: fc.array(ping, { maxLength: 3 }) }).map((v) => JSON.stringify(v)),
  fc
    .record({ reports: fc.array(fc.dictionary(fc.constantFrom("fips", "iso3", "regionId", "date", "newCases"), fc.oneof(hostile, fc.double())), { maxLength: 3 }) })
    .map((v) => JSON.stringify(v)),
  fc.record({ source: hostile, url: hostile, file: hostile }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
  fc.record({ points: fc.array(fc.record({ lat: fc.oneof(fc.double(), hostile), lon: fc.double(), groupSize: fc.integer() }), { maxLength: 3 }) }).map((v) => JSON.stringify(v)),
  fc.constant("{".repeat(20_000)),
  fc.constant(JSON.stringify({ pings: Array.from({ length: 600 }, () => ({ deviceId: "d", lat: 1, lon: 1, time: "2024-05-01T00:00:00Z" })) })),
);

function completeMesh(overrides: Partial<MeshPort> = {}): MeshPort {
  const jobs = new Map<string, JobRecord>();
  const queue = (jobId: string, source: string) => {
    const record = jobs.get(jobId) ?? recordQueued(null, { jobId, source, origin: "api", location: null, requestedAt: new Date().toISOString() }, new Date().toISOString());
    const duplicate = jobs.has(jobId);
    jobs.set(jobId, record);
    return { duplicate, record };
  };
  return fakeMesh({
    async submitIngest(job) {
      return queue(job.jobId, job.source);
    },
    async submitReports(batch) {
      return queue(batch.jobId, "reports");
    },
    async job(id) {
      return jobs.get(id) ?? null;
    },
    async waitForJob(id) {
      return jobs.get(id) ?? null;
    },
    async submitActivity(batch) {
      return { received: batch.pings.length, accepted: batch.pings.length, unlocated: 0, rejected: 0 };
    },
    async activity(q) {
      return { regionId: q.regionId, from: q.from, to: q.to, k: 10, hourly: [], daily: [] };
    },
    ...overrides,
  });
}

function appOver(mesh: MeshPort) {
  return testApp(mesh, {
    apiKeys: createApiKeyVerifier({ keys: [KEYS.admin] }),
    appKeys: createApiKeyVerifier({ keys: [KEYS.app] }),
    metricsKeys: createApiKeyVerifier({ keys: [KEYS.metrics] }),
    trustedProxies: createProxyList(["10.0.0.0/8"]),
    // Off: the limiter has its own tests, and 429s would hide the routes behind it.
    rateLimit: { ratePerSecond: 0, burst: 1 },
  });
}

const ROUTES = [
  ...new Set(
    appOver(completeMesh())
      .routes.filter((r) => r.method !== "ALL")
      .map((r) => `${r.method} ${r.path}`),
  ),
].map((r) => {
  const [method, path] = r.split(" ");
  return { method, path };
});
const METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"];

const request = fc.record({
  route: fc.constantFrom(...ROUTES),
  method: fc.oneof({ weight: 5, arbitrary: fc.constant<string | null>(null) }, { weight: 1, arbitrary: fc.constantFrom(...METHODS) }),
  segments: fc.array(segment, { minLength: 3, maxLength: 3 }),
  suffix: fc.oneof({ weight: 6, arbitrary: fc.constant("") }, { weight: 1, arbitrary: segment.map((s) => `/${s}`) }),
  query: queryString,
  headers,
  body,
});

type Outcome = Map<number, number>;

/** Fixed seeds: a run is reproducible; change SEED_OFFSET locally to explore further. */
const SEED_OFFSET = 0;
const RUNS_FACTOR = 1;

async function fuzz(mesh: MeshPort, runs: number, allowed: (status: number) => boolean, seed: number): Promise<{ tried: number; outcomes: Outcome }> {
  const app = appOver(mesh);
  const outcomes: Outcome = new Map();
  let tried = 0;
  await fc.assert(
    fc.asyncProperty(request, async (r) => {
      let i = 0;
      const path = r.route.path.replace(/:[a-z]+/gi, () => r.segments[i++]) + r.suffix;
      const method = r.method ?? r.route.method;
      const url = r.query ? `${path}?${r.query}` : path;
      const init: RequestInit = { method, headers: r.headers };
      if (method !== "GET" && method !== "HEAD") init.body = r.body;
      tried++;
      const res = await app.request(url, init, { requestIP: () => ({ address: "10.1.2.3" }) });
      outcomes.set(res.status, (outcomes.get(res.status) ?? 0) + 1);
      const type = res.headers.get("content-type") ?? "";
      const text = method === "HEAD" ? "" : await res.text();
      const where = `${method} ${url} → ${res.status}`;
      expect(allowed(res.status) ? "ok" : `${where}: status not allowed`).toBe("ok");
      // /readyz answers its own JSON (the checks) when not ready; every other error is a problem.
      const readiness = path === "/readyz" && res.status === 503 && type.startsWith("application/json");
      if (res.status >= 400 && method !== "HEAD" && !readiness) {
        expect(type.startsWith("application/problem+json") ? "ok" : `${where}: ${type}`).toBe("ok");
        const problem = JSON.parse(text) as { status: number; title: string; type: string };
        expect(problem.status).toBe(res.status);
        expect(typeof problem.title).toBe("string");
      }
      // Static assets (the bundled client, Swagger UI) are code, not answers: check the rest.
      if (/json|text\/plain/.test(type)) expect(INTERNAL.test(text) ? `${where}: ${text.slice(0, 300)}` : "clean").toBe("clean");
    }),
    { numRuns: Math.round(runs * RUNS_FACTOR), seed: seed + SEED_OFFSET, endOnFailure: true },
  );
  return { tried, outcomes };
}

const summary = (o: Outcome) =>
  [...o]
    .sort(([a], [b]) => a - b)
    .map(([s, n]) => `${s}×${n}`)
    .join(" ");

describe("gateway fuzz", () => {
  test(`hostile requests at all ${ROUTES.length} routes: 2xx/4xx, problem+json, nothing internal`, async () => {
    const { tried, outcomes } = await fuzz(completeMesh(), 800, (s) => (s >= 200 && s < 300) || (s >= 400 && s < 500) || s === 304, 20_261_205);
    console.log(`gateway fuzz (mesh up): ${tried} hostile requests over ${ROUTES.length} routes; statuses ${summary(outcomes)}`);
    expect(tried).toBe(Math.round(800 * RUNS_FACTOR));
  }, 120_000);

  test("with the mesh timing out every answer is 2xx (static), 4xx or 503, never a 500", async () => {
    const down = async () => {
      throw new MeshTimeoutError("covid.risk", 500, { cause: new Error("connect ECONNREFUSED 127.0.0.1:4222 at /work/mesh/request.ts:42") });
    };
    const mesh = completeMesh({
      risk: down,
      riskBatch: down,
      searchRegions: down,
      region: down,
      timeseries: down,
      forecast: down,
      hospForecast: down,
      clusters: down,
      weekly: down,
      storageHealth: down,
      submitIngest: down,
      submitReports: down,
      job: down,
      waitForJob: down,
      submitActivity: down,
      activity: down,
      natsConnected: async () => false,
    });
    const { tried, outcomes } = await fuzz(mesh, 250, (s) => (s >= 200 && s < 300) || (s >= 400 && s < 500) || s === 503 || s === 304, 4_222);
    console.log(`gateway fuzz (mesh down): ${tried} hostile requests; statuses ${summary(outcomes)}`);
    expect(tried).toBe(Math.round(250 * RUNS_FACTOR));
  }, 120_000);
});
