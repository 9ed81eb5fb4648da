// Region-days of one outgoing batch in preallocated typed arrays, for adapters of every shape.
// It also refuses a second value for a region-day already in the batch: storage cannot apply
// one key twice in one statement, so the adapter quarantines such a row instead.
import type { MobilityColumns, ObservationColumns } from "../../domain/mod.ts";
import type { AdapterEvent } from "../types.ts";
import type { PendingEvents } from "./pendingEvents.ts";

const DAY_SPAN = 2 ** 17; // days since 1970 below this (year 2328) make an exact numeric key

/**
 * Encoded bytes allowed per batch: NATS refuses messages over its max_payload (1 MB by default),
 * and the Arrow framing and envelope need some room.
 */
export const MAX_BATCH_BYTES = 900_000;

/** Region-days per batch: as asked, but never more than fit in MAX_BATCH_BYTES with `values` float columns. */
export function batchCapacity(requested: number, values: number): number {
  return Math.max(1, Math.min(requested, Math.floor(MAX_BATCH_BYTES / (8 + 8 * values))));
}

export type BufferColumns<K extends string> = { regionId: Int32Array; day: Int32Array } & Record<K, Float64Array>;

export class RegionDayBuffer<K extends string> {
  private regionId!: Int32Array;
  private day!: Int32Array;
  private values!: Float64Array[];
  private keys = new Set<number | string>();
  length = 0;

  readonly capacity: number;

  /** `requested` region-days per batch, capped so that a batch stays under MAX_BATCH_BYTES. */
  constructor(
    requested: number,
    private readonly names: readonly K[],
  ) {
    this.capacity = batchCapacity(requested, names.length);
    this.allocate();
  }

  private allocate(): void {
    this.regionId = new Int32Array(this.capacity);
    this.day = new Int32Array(this.capacity);
    this.values = this.names.map(() => new Float64Array(this.capacity));
    this.keys.clear();
    this.length = 0;
  }

  private key(regionId: number, day: number): number | string {
    return day >= 0 && day < DAY_SPAN ? regionId * DAY_SPAN + day : `${regionId}:${day}`;
  }

  /** True when this batch already holds the region-day. */
  has(regionId: number, day: number): boolean {
    return this.keys.has(this.key(regionId, day));
  }

  /** Appends a region-day; `values` in the order of the names given to the constructor. */
  push(regionId: number, day: number, values: ArrayLike<number>): void {
    const k = this.length++;
    this.regionId[k] = regionId;
    this.day[k] = day;
    for (let c = 0; c < this.values.length; c++) this.values[c][k] = values[c];
    this.keys.add(this.key(regionId, day));
  }

  get full(): boolean {
    return this.length === this.capacity;
  }

  /** Hands the filled part over as columns and starts a new batch. */
  take(): BufferColumns<K> {
    const n = this.length;
    const cut = <T extends Int32Array | Float64Array>(a: T): T => (n === this.capacity ? a : (a.slice(0, n) as T));
    const out = { regionId: cut(this.regionId), day: cut(this.day) } as BufferColumns<K>;
    this.names.forEach((name, c) => {
      (out as Record<string, Float64Array>)[name] = cut(this.values[c]);
    });
    this.allocate();
    return out;
  }
}

/** The batch as its event. */
export type BatchEvent<K extends string> = (columns: BufferColumns<K>) => AdapterEvent;
export const observations = (columns: ObservationColumns): AdapterEvent => ({ kind: "observations", columns });
export const mobility = (columns: MobilityColumns): AdapterEvent => ({ kind: "mobility", columns });

/** The regions the batch's rows name go out first (storage needs them), then the batch if it holds any. */
function* flush<K extends string>(out: RegionDayBuffer<K>, pending: PendingEvents, event: BatchEvent<K>): Generator<AdapterEvent> {
  const regions = pending.takeRegions();
  if (regions) yield regions;
  if (out.length > 0) yield event(out.take());
}

/** After each push: a full batch goes out, after the regions it names. */
export function* flushIfFull<K extends string>(out: RegionDayBuffer<K>, pending: PendingEvents, event: BatchEvent<K>): Generator<AdapterEvent> {
  if (out.full) yield* flush(out, pending, event);
}

/** At the end of a file: the remaining regions and batch, then the quarantined rows. */
export function* flushEnd<K extends string>(out: RegionDayBuffer<K>, pending: PendingEvents, event: BatchEvent<K>): Generator<AdapterEvent> {
  yield* flush(out, pending, event);
  const quarantine = pending.takeQuarantine();
  if (quarantine) yield quarantine;
}
