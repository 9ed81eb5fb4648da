// A Prometheus counter and histogram whose labelled children are plain numbers: the request path
// adds to a number (a counter) or to one bucket, a sum and a count (a histogram), and the text
// is built only when /metrics is scraped. prom-client's own children hash their label object on
// every inc()/observe() (≈ 7–10% of an edge-cache hit's CPU); the exposition is the same
// (names, HELP, TYPE, labels, cumulative buckets with +Inf, _sum and _count).
import type { Registry } from "prom-client";

type Labels = Record<string, string>;

interface MetricValue {
  labels: Labels;
  value: number;
  metricName?: string;
}

/** The shape prom-client's Registry reads from a metric when it renders the text. */
interface RegistrableMetric {
  name: string;
  help: string;
  type: "counter" | "histogram";
  aggregator: "sum";
  get(): Promise<{ name: string; help: string; type: string; values: MetricValue[]; aggregator: "sum" }>;
}

function register(registry: Registry, metric: RegistrableMetric): void {
  (registry as unknown as { registerMetric(m: RegistrableMetric): void }).registerMetric(metric);
}

export interface PlainCounterChild {
  value: number;
}

export interface PlainCounter {
  /** The child of these labels, made once: keep it and add to its `value`. */
  child(labels: Labels): PlainCounterChild;
}

export function plainCounter(registry: Registry, name: string, help: string): PlainCounter {
  const children: Array<{ labels: Labels; child: PlainCounterChild }> = [];
  const metric: RegistrableMetric = {
    name,
    help,
    type: "counter",
    aggregator: "sum",
    get: async () => ({ name, help, type: "counter", aggregator: "sum", values: children.map((c) => ({ labels: c.labels, value: c.child.value })) }),
  };
  register(registry, metric);
  return {
    child(labels) {
      const child = { value: 0 };
      children.push({ labels: { ...labels }, child });
      return child;
    },
  };
}

export interface PlainHistogramChild {
  observe(value: number): void;
}

export interface PlainHistogram {
  child(labels: Labels): PlainHistogramChild;
}

/** `buckets`: upper bounds, ascending (the +Inf bucket is added). */
export function plainHistogram(registry: Registry, name: string, help: string, buckets: readonly number[]): PlainHistogram {
  const bounds = [...buckets];
  const children: Array<{ labels: Labels; counts: Float64Array; sum: number[] }> = [];
  const metric: RegistrableMetric = {
    name,
    help,
    type: "histogram",
    aggregator: "sum",
    async get() {
      const values: MetricValue[] = [];
      for (const c of children) {
        // counts[i]: observations in bucket i alone; the text wants them cumulative.
        let cumulative = 0;
        for (let i = 0; i < bounds.length; i++) {
          cumulative += c.counts[i];
          values.push({ labels: { le: String(bounds[i]), ...c.labels }, value: cumulative, metricName: `${name}_bucket` });
        }
        cumulative += c.counts[bounds.length];
        values.push({ labels: { le: "+Inf", ...c.labels }, value: cumulative, metricName: `${name}_bucket` });
        values.push({ labels: c.labels, value: c.sum[0], metricName: `${name}_sum` });
        values.push({ labels: c.labels, value: cumulative, metricName: `${name}_count` });
      }
      return { name, help, type: "histogram", aggregator: "sum", values };
    },
  };
  register(registry, metric);
  return {
    child(labels) {
      const counts = new Float64Array(bounds.length + 1);
      const sum = [0];
      children.push({ labels: { ...labels }, counts, sum });
      return {
        observe(value) {
          let i = 0;
          while (i < bounds.length && value > bounds[i]) i++;
          counts[i]++;
          sum[0] += value;
        },
      };
    },
  };
}
