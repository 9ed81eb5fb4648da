// Prometheus exposition of the mesh telemetry: custom prom-client metrics whose values are read
// from meshTelemetry() at scrape time, so the message hot path only bumps plain numbers.
// One process-wide registry adds the default process metrics (CPU, memory, event-loop lag).
import { collectDefaultMetrics, Registry, type Metric } from "prom-client";
import { LATENCY_BUCKETS_MS, meshTelemetry, type MeshTelemetrySnapshot, type SubjectTelemetry } from "./telemetry.ts";

type CounterKey = "processed" | "failed" | "redeliveries" | "deadLettered" | "requests" | "requestErrors" | "served" | "serveErrors";

interface MetricValue {
  value: number;
  labels: Record<string, string | number>;
  metricName?: string;
}

interface CollectedMetric {
  name: string;
  help: string;
  type: "counter" | "histogram";
  aggregator: "sum";
  get(): Promise<{ name: string; help: string; type: string; aggregator: "sum"; values: MetricValue[] }>;
  reset(): void;
}

const COUNTERS: Array<[CounterKey, string, string]> = [
  ["processed", "mesh_messages_processed_total", "Messages handled and acked by a worker pool or listener, by subject."],
  ["failed", "mesh_messages_failed_total", "Failed handler runs (each failed delivery counts), by subject."],
  ["redeliveries", "mesh_redeliveries_total", "Deliveries with a delivery count above 1, by subject."],
  ["deadLettered", "mesh_dead_lettered_total", "Messages copied to the dead-letter subject after MaxDeliver, by subject."],
  ["requests", "mesh_requests_total", "Request/reply round trips started by this process, by request subject."],
  ["requestErrors", "mesh_request_errors_total", "Round trips that failed (timeout, no responders, remote error), by subject."],
  ["served", "mesh_served_total", "Requests answered by this process, by request subject."],
  ["serveErrors", "mesh_serve_errors_total", "Requests answered with an error, by request subject."],
];

const HISTOGRAMS: Array<[keyof SubjectTelemetry & `${string}Buckets`, "handlerMsSum" | "requestMsSum" | "serveMsSum", string, string]> = [
  ["handlerBuckets", "handlerMsSum", "mesh_handler_duration_seconds", "Worker handler run time per message (batch latency), by subject."],
  ["requestBuckets", "requestMsSum", "mesh_request_duration_seconds", "Successful request/reply round-trip time seen by the caller, by subject."],
  ["serveBuckets", "serveMsSum", "mesh_serve_duration_seconds", "Time to answer a request in the serving worker, by subject."],
];

function counterMetric(key: CounterKey, name: string, help: string, read: () => MeshTelemetrySnapshot): CollectedMetric {
  return {
    name,
    help,
    type: "counter",
    aggregator: "sum",
    async get() {
      const values: MetricValue[] = [];
      for (const [subject, c] of Object.entries(read().subjects)) {
        if (c[key] > 0) values.push({ value: c[key], labels: { subject } });
      }
      return { name, help, type: "counter", aggregator: "sum", values };
    },
    reset() {},
  };
}

function histogramMetric(
  key: (typeof HISTOGRAMS)[number][0],
  sumKey: (typeof HISTOGRAMS)[number][1],
  name: string,
  help: string,
  read: () => MeshTelemetrySnapshot,
): CollectedMetric {
  return {
    name,
    help,
    type: "histogram",
    aggregator: "sum",
    async get() {
      const values: MetricValue[] = [];
      for (const [subject, c] of Object.entries(read().subjects)) {
        const buckets = c[key];
        const count = buckets.reduce((a, b) => a + b, 0);
        if (count === 0) continue;
        let cumulative = 0;
        LATENCY_BUCKETS_MS.forEach((le, i) => {
          cumulative += buckets[i];
          values.push({ metricName: `${name}_bucket`, value: cumulative, labels: { le: le / 1000, subject } });
        });
        values.push({ metricName: `${name}_bucket`, value: count, labels: { le: "+Inf", subject } });
        values.push({ metricName: `${name}_sum`, value: c[sumKey] / 1000, labels: { subject } });
        values.push({ metricName: `${name}_count`, value: count, labels: { subject } });
      }
      return { name, help, type: "histogram", aggregator: "sum", values };
    },
    reset() {},
  };
}

/** Registers the mesh metrics on `registry`; one telemetry snapshot serves a whole scrape. */
export function registerMeshMetrics(registry: Registry): void {
  let snapshot: MeshTelemetrySnapshot | null = null;
  // All metrics of one scrape are read in the same tick: share one copy, drop it after.
  const read = () => {
    if (!snapshot) {
      snapshot = meshTelemetry();
      queueMicrotask(() => (snapshot = null));
    }
    return snapshot;
  };
  for (const [key, name, help] of COUNTERS) registry.registerMetric(counterMetric(key, name, help, read) as unknown as Metric);
  for (const [key, sumKey, name, help] of HISTOGRAMS) {
    registry.registerMetric(histogramMetric(key, sumKey, name, help, read) as unknown as Metric);
  }
}

let processRegistry: Registry | null = null;

/** The process-wide registry: mesh telemetry plus default process metrics. Created once. */
export function processMetricsRegistry(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
    registerMeshMetrics(processRegistry);
  }
  return processRegistry;
}

export const METRICS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

/** The text exposition of several registries (metric names must not repeat across them). */
export async function renderMetrics(registries: Registry[]): Promise<string> {
  const parts = await Promise.all(registries.map((r) => r.metrics()));
  return `${parts.map((p) => p.trimEnd()).join("\n\n")}\n`;
}
