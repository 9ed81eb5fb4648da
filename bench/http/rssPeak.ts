// The highest RSS of the system's processes over a window, with what each process held at that
// moment and each one's own highest: a peak over the limit says which process to look at.

/** One reading of the system's processes: each one's RSS (bytes) and their sum. */
export interface RssReading {
  total: number;
  byProcess: Array<{ pid: number; name: string; rss: number }>;
}

export interface RssPeak {
  total: number;
  /** When the peak was sampled (epoch ms). */
  at: number;
  /** Each process's RSS at the moment of the peak. */
  atPeak: RssReading["byProcess"];
  /** Each process's own highest RSS over the window (not at one moment) and when (epoch ms), by pid. */
  maxByProcess: Map<number, { name: string; rss: number; at: number }>;
}

/** Samples `read` every `everyMs` until `stop()`, which returns the peak seen. */
export function trackRssPeak(read: () => RssReading, everyMs = 250): { stop(): RssPeak } {
  const peak: RssPeak = { total: 0, at: 0, atPeak: [], maxByProcess: new Map() };
  const sample = () => {
    const r = read();
    if (r.total > peak.total) {
      peak.total = r.total;
      peak.at = Date.now();
      peak.atPeak = r.byProcess;
    }
    for (const p of r.byProcess) {
      if (p.rss > (peak.maxByProcess.get(p.pid)?.rss ?? 0)) peak.maxByProcess.set(p.pid, { name: p.name, rss: p.rss, at: Date.now() });
    }
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

const MIB = (b: number) => `${(b / 2 ** 20).toFixed(0)}`;

/** "start (gateway) 120, storage 800, …" at the peak, then each process's own highest. */
export function peakText(peak: RssPeak): string {
  const at = peak.atPeak.map((p) => `${p.name} ${MIB(p.rss)}`).join(", ");
  const max = [...peak.maxByProcess.values()].map((v) => `${v.name} ${MIB(v.rss)}`).join(", ");
  return `${MIB(peak.total)} MiB (at the peak, MiB: ${at || "not sampled"}; each process's own highest: ${max})`;
}
