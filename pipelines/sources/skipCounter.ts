// Counts rows an adapter deliberately does not store, by reason, for the job's manifest.
import type { AdapterEvent } from "../types.ts";

export class SkipCounter {
  private readonly counts = new Map<string, number>();

  add(reason: string): void {
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + 1);
  }

  *events(): Generator<AdapterEvent> {
    for (const [reason, rows] of this.counts) yield { kind: "skipped", rows, reason };
  }
}
