import { describe, expect, test } from "bun:test";
import { Registry } from "prom-client";
import { registerMeshMetrics } from "./prometheus.ts";
import { startMetricsServer } from "./metricsServer.ts";
import { countTelemetry, observeHandler, observeRequest } from "./telemetry.ts";

const subject = `prom.test.${crypto.randomUUID().slice(0, 8)}`;

describe("mesh telemetry as Prometheus metrics", () => {
  test("counters by subject and cumulative latency histograms in seconds", async () => {
    countTelemetry(subject, "processed", 3);
    countTelemetry(subject, "redeliveries");
    countTelemetry(subject, "deadLettered");
    observeHandler(subject, 0.7); // ≤ 1 ms bucket
    observeHandler(subject, 20); // ≤ 25 ms bucket
    observeRequest(subject, 3, true);
    observeRequest(subject, 3, false);
    const registry = new Registry();
    registerMeshMetrics(registry);
    const text = await registry.metrics();
    const line = (name: string, labels = `subject="${subject}"`) => text.split("\n").find((l) => l.startsWith(`${name}{${labels}}`));
    expect(line("mesh_messages_processed_total")).toEndWith(" 3");
    expect(line("mesh_redeliveries_total")).toEndWith(" 1");
    expect(line("mesh_dead_lettered_total")).toEndWith(" 1");
    expect(line("mesh_request_errors_total")).toEndWith(" 1");
    expect(line("mesh_handler_duration_seconds_bucket", `le="0.0005",subject="${subject}"`)).toEndWith(" 0");
    expect(line("mesh_handler_duration_seconds_bucket", `le="0.001",subject="${subject}"`)).toEndWith(" 1");
    expect(line("mesh_handler_duration_seconds_bucket", `le="0.025",subject="${subject}"`)).toEndWith(" 2");
    expect(line("mesh_handler_duration_seconds_bucket", `le="+Inf",subject="${subject}"`)).toEndWith(" 2");
    expect(line("mesh_handler_duration_seconds_count")).toEndWith(" 2");
    expect(Number(line("mesh_handler_duration_seconds_sum")!.split(" ")[1])).toBeCloseTo(0.0207, 6);
    expect(line("mesh_request_duration_seconds_count")).toEndWith(" 1"); // failures are not timed
    expect(text).toContain("# TYPE mesh_handler_duration_seconds histogram");
    expect(text).toContain("# TYPE mesh_messages_processed_total counter");
  });

  test("a worker alone serves them on METRICS_PORT at GET /metrics", async () => {
    countTelemetry(subject, "processed");
    const server = startMetricsServer({ port: 0, hostname: "127.0.0.1" });
    try {
      const res = await fetch(server.url);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toStartWith("text/plain");
      const text = await res.text();
      expect(text).toContain(`mesh_messages_processed_total{subject="${subject}"}`);
      expect(text).toContain("process_cpu_seconds_total");
      expect((await fetch(server.url.replace("/metrics", "/other"))).status).toBe(404);
    } finally {
      await server.stop();
    }
  });
});
