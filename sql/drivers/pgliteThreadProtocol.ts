// Messages between pgliteThread.ts and the worker thread that owns PGlite.
import type { SeriesDecoder } from "../seriesDecode.ts";

/** `blob`: the data of a COPY … FROM '/dev/blob' (its buffer transferred). */
export type ThreadRequest =
  | { id: number; op: "open"; dataDir: string | undefined }
  | { id: number; op: "query"; sql: string; params: unknown[]; rowMode: "array" | "object"; blob?: Uint8Array }
  | { id: number; op: "decode"; sql: string; params: unknown[]; decoder: SeriesDecoder }
  | { id: number; op: "close" };

export interface ThreadResult {
  rows: unknown[];
  fields: Array<{ name: string; dataTypeID: number }>;
  affectedRows?: number;
}

/** `decoded`: a series query's rows decoded on the thread (seriesDecode.ts), its buffers transferred. */
export type ThreadReply = { id: number; result: ThreadResult | null } | { id: number; decoded: unknown } | { id: number; error: Record<string, unknown> };
