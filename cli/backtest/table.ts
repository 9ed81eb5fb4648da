// The backtest result as a Markdown table (one row per model, target and horizon, plus the
// pooled "all" rows and each non-baseline model's mean relative WIS over horizons 1–4), and as
// the JSON rows of `--json`.
import type { BacktestRow } from "../../models/forecast/mod.ts";

export interface JsonRow {
  model: string;
  target: string;
  horizon: number;
  wis: number;
  relativeWis: number;
  mae: number;
  coverage50: number;
  coverage95: number;
  n: number;
}

/** Per-horizon rows only (the pooled rows are a table convenience). */
export function jsonRows(rows: BacktestRow[]): JsonRow[] {
  return rows
    .filter((r) => r.horizon !== null)
    .map((r) => ({
      model: r.model,
      target: r.target,
      horizon: r.horizon!,
      wis: r.wis,
      relativeWis: r.relativeWis,
      mae: r.mae,
      coverage50: r.coverage50,
      coverage95: r.coverage95,
      n: r.n,
    }));
}

/** Mean relative WIS over horizons 1…H of each model and target. */
export function meanRelativeWis(rows: BacktestRow[]): Array<{ model: string; target: string; mean: number }> {
  const out: Array<{ model: string; target: string; mean: number }> = [];
  for (const target of ["inc case", "inc death"]) {
    const perH = rows.filter((r) => r.target === target && r.horizon !== null);
    for (const model of new Set(perH.map((r) => r.model))) {
      const xs = perH.filter((r) => r.model === model).map((r) => r.relativeWis);
      out.push({ model, target, mean: xs.reduce((a, b) => a + b, 0) / xs.length });
    }
  }
  return out;
}

export function formatTable(rows: BacktestRow[], baseline: string): string {
  const header = ["model", "target", "horizon", "WIS", "rel WIS", "MAE", "cov50", "cov95", "n"];
  const lines = rows.map((r) => [
    r.model,
    r.target,
    r.horizon === null ? "all" : String(r.horizon),
    r.wis.toFixed(1),
    r.relativeWis.toFixed(3),
    r.mae.toFixed(1),
    r.coverage50.toFixed(2),
    r.coverage95.toFixed(2),
    String(r.n),
  ]);
  for (const m of meanRelativeWis(rows)) {
    if (m.model !== baseline) lines.push([m.model, m.target, "mean 1-4", "", m.mean.toFixed(3), "", "", "", ""]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ")} |`;
  const rule = `|${widths.map((w, i) => (i < 3 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`;
  return [fmt(header), rule, ...lines.map(fmt)].join("\n");
}
