// Messages between pgliteThread.ts and the worker thread that owns PGlite.
export type ThreadRequest =
  | { id: number; op: "open"; dataDir: string | undefined }
  | { id: number; op: "query"; sql: string; params: unknown[]; rowMode: "array" | "object" }
  | { id: number; op: "close" };

export interface ThreadResult {
  rows: unknown[];
  fields: Array<{ name: string; dataTypeID: number }>;
  affectedRows?: number;
}

export type ThreadReply = { id: number; result: ThreadResult | null } | { id: number; error: Record<string, unknown> };
