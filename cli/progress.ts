// `covid-mesh ingest --wait` progress: a redrawn bar on a terminal, plain lines (at most one
// every few seconds, and one per state change) when the output is a file or a pipe.
import type { JobRecord } from "../domain/mod.ts";

const num = (n: number) => n.toLocaleString("en-US");
function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Fraction done, from bytes while reading and from stored batches after; null if unknown. */
export function fractionDone(r: JobRecord): number | null {
  if (r.state === "done" || r.state === "failed") return 1;
  const p = r.progress;
  if (p.batchesExpected !== null) {
    // Reading is over: what is left is storing. Weigh reading and storing half each.
    return p.batchesExpected === 0 ? 1 : 0.5 + 0.5 * Math.min(1, p.batchesDone / p.batchesExpected);
  }
  if (p.bytesTotal) return 0.5 * Math.min(1, p.bytesRead / p.bytesTotal);
  return null;
}

export function describeProgress(r: JobRecord): string {
  const p = r.progress;
  const read = p.bytesTotal ? `${bytes(p.bytesRead)}/${bytes(p.bytesTotal)}` : bytes(p.bytesRead);
  const stored = `${num(p.batchesDone)}${p.batchesExpected !== null ? `/${num(p.batchesExpected)}` : ""}`;
  return `${r.state} · read ${read}, ${num(p.rowsRead)} rows · batches ${num(p.batches)} sent, ${stored} stored · ${num(r.counts.accepted)} accepted, ${num(r.counts.rejected)} rejected`;
}

/** One terminal line: `[#####-----]  50% <description>`. */
export function renderBar(r: JobRecord, width = 24): string {
  const f = fractionDone(r);
  if (f === null) return `[${"?".repeat(width)}]  ?% ${describeProgress(r)}`;
  const filled = Math.round(f * width);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(Math.floor(f * 100)).padStart(3)}% ${describeProgress(r)}`;
}

export interface ProgressView {
  update(r: JobRecord): void;
  /** Leaves the terminal on a fresh line. */
  end(): void;
}

export function createProgressView(opts: { tty: boolean; write: (s: string) => void; now?: () => number; plainEveryMs?: number }): ProgressView {
  const now = opts.now ?? Date.now;
  const every = opts.plainEveryMs ?? 2_000;
  let lastAt = -Infinity;
  let lastState = "";
  let drawn = false;
  return {
    update(r) {
      if (opts.tty) {
        // \r + erase line: the bar redraws in place.
        opts.write(`\r\x1b[2K${renderBar(r)}`);
        drawn = true;
        return;
      }
      const t = now();
      if (r.state !== lastState || t - lastAt >= every) {
        const f = fractionDone(r);
        opts.write(`progress ${r.jobId}: ${f === null ? "" : `${Math.floor(f * 100)}% `}${describeProgress(r)}\n`);
        lastAt = t;
        lastState = r.state;
      }
    },
    end() {
      if (opts.tty && drawn) opts.write("\n");
      drawn = false;
    },
  };
}
