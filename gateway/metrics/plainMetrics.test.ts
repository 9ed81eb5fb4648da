import { describe, expect, test } from "bun:test";
import { Counter, Histogram, Registry } from "prom-client";
import { plainCounter, plainHistogram } from "./plainMetrics.ts";

const BUCKETS = [0.001, 0.01, 0.1, 1];
const OBSERVED = [0.0005, 0.001, 0.002, 0.05, 0.5, 0.5, 3, 0.01];

describe("plain counters and histograms", () => {
  test("render the same text as prom-client's own for the same observations", async () => {
    const ours = new Registry();
    const theirs = new Registry();
    const c = plainCounter(ours, "t_requests_total", "Requests.");
    const h = plainHistogram(ours, "t_duration_seconds", "Duration.", BUCKETS);
    const pc = new Counter({ name: "t_requests_total", help: "Requests.", labelNames: ["method", "route", "status"], registers: [theirs] });
    const ph = new Histogram({ name: "t_duration_seconds", help: "Duration.", labelNames: ["method", "route"], buckets: BUCKETS, registers: [theirs] });
    const routes = ["/v1/risk", "/v1/regions/:id"];
    for (const route of routes) {
      const ok = c.child({ method: "GET", route, status: "200" });
      const d = h.child({ method: "GET", route });
      for (const v of OBSERVED) {
        ok.value++;
        d.observe(v);
        pc.labels({ method: "GET", route, status: "200" }).inc();
        ph.labels({ method: "GET", route }).observe(v);
      }
    }
    const text = await ours.metrics();
    expect(text).toBe(await theirs.metrics());
    expect(text).toContain('t_duration_seconds_bucket{le="0.01",method="GET",route="/v1/risk"} 4');
    expect(text).toContain('t_duration_seconds_bucket{le="+Inf",method="GET",route="/v1/risk"} 8');
    expect(text).toContain('t_requests_total{method="GET",route="/v1/regions/:id",status="200"} 8');
  });
});
