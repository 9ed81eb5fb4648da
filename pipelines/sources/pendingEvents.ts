// Collects regions and quarantine rows into bounded batches (one message each downstream).
import type { RegionRecord } from "../../domain/mod.ts";
import type { AdapterEvent, QuarantineRow } from "../types.ts";

/** Regions per event: ~1000 JSON records stay far below the 1 MB NATS payload limit. */
export const MAX_REGIONS_PER_EVENT = 1000;
/** Quarantine rows per event, and a cap on their raw text: JHU lines are 4–10 KB each. */
export const MAX_QUARANTINE_PER_EVENT = 1000;
export const MAX_QUARANTINE_RAW_CHARS_PER_EVENT = 256 * 1024;
/** A single raw text longer than this (a runaway quote) is cut, and the reason says so. */
export const MAX_RAW_CHARS = 16 * 1024;

export class PendingEvents {
  private regions: RegionRecord[] = [];
  private quarantine: QuarantineRow[] = [];
  private quarantineChars = 0;

  /** Adds a region; returns a full batch to emit, if one is complete. */
  addRegion(region: RegionRecord): AdapterEvent | null {
    this.regions.push(region);
    return this.regions.length >= MAX_REGIONS_PER_EVENT ? this.takeRegions() : null;
  }

  addQuarantine(row: QuarantineRow): AdapterEvent | null {
    if (row.raw.length > MAX_RAW_CHARS) {
      row = {
        line: row.line,
        raw: row.raw.slice(0, MAX_RAW_CHARS),
        reason: `${row.reason} (raw text cut to ${MAX_RAW_CHARS} of ${row.raw.length} characters)`,
      };
    }
    this.quarantine.push(row);
    this.quarantineChars += row.raw.length + row.reason.length;
    const full = this.quarantine.length >= MAX_QUARANTINE_PER_EVENT || this.quarantineChars >= MAX_QUARANTINE_RAW_CHARS_PER_EVENT;
    return full ? this.takeQuarantine() : null;
  }

  takeRegions(): AdapterEvent | null {
    if (this.regions.length === 0) return null;
    const regions = this.regions;
    this.regions = [];
    return { kind: "regions", regions };
  }

  takeQuarantine(): AdapterEvent | null {
    if (this.quarantine.length === 0) return null;
    const rows = this.quarantine;
    this.quarantine = [];
    this.quarantineChars = 0;
    return { kind: "quarantine", rows };
  }
}
