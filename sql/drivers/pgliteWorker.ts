// The worker-thread side of pgliteThread.ts: owns the PGlite instance and runs one request at a
// time, in arrival order (PGlite has one session; transactions are framed by the caller).
import { PGlite, types } from "@electric-sql/pglite";
import type { ThreadReply, ThreadRequest } from "./pgliteThreadProtocol.ts";
import { seriesBuffers, seriesDecoders } from "../seriesDecode.ts";
import { initPgliteDataDir } from "./pgliteInit.ts";

declare const self: Worker;

const same = (value: string) => value;
// The parsers drizzle's PGlite session passes with every query (dates and intervals as text).
const parsers = {
  [types.TIMESTAMP]: same,
  [types.TIMESTAMPTZ]: same,
  [types.INTERVAL]: same,
  [types.DATE]: same,
  1231: same, // numeric[]
  1115: same, // timestamp[]
  1185: same, // timestamptz[]
  1187: same, // interval[]
  1182: same, // date[]
};

let pg: PGlite | null = null;
let queue: Promise<void> = Promise.resolve();

/** An error as plain data: its message, name and the driver's fields (code = SQLSTATE, detail, …). */
function plainError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err), name: "Error" };
  const out: Record<string, unknown> = { message: err.message, name: err.name };
  for (const [k, v] of Object.entries(err)) if (v === null || ["string", "number", "boolean"].includes(typeof v)) out[k] = v;
  return out;
}

async function handle(m: ThreadRequest): Promise<{ reply: ThreadReply; transfer?: ArrayBuffer[] }> {
  switch (m.op) {
    case "open":
      // A new directory's initdb runs in a child process: its memory is not kept here (pgliteInit.ts).
      await initPgliteDataDir(m.dataDir);
      pg = new PGlite(m.dataDir);
      await pg.waitReady;
      return { reply: { id: m.id, result: null } };
    case "query": {
      const r = await pg!.query(m.sql, m.params, { rowMode: m.rowMode, parsers, ...(m.blob ? { blob: new Blob([m.blob as Uint8Array<ArrayBuffer>]) } : {}) });
      return { reply: { id: m.id, result: { rows: r.rows, fields: r.fields, affectedRows: r.affectedRows } } };
    }
    case "decode": {
      // The rows stay on this thread: the caller's thread gets typed arrays by transfer, not
      // millions of numbers to structured-clone (seconds of its event loop for the JHU US pair).
      const r = await pg!.query<Record<string, unknown>>(m.sql, m.params, { parsers });
      const decoded = seriesDecoders[m.decoder](r.rows);
      return { reply: { id: m.id, decoded }, transfer: seriesBuffers(decoded) };
    }
    case "close":
      await pg?.close();
      pg = null;
      return { reply: { id: m.id, result: null } };
  }
}

self.onmessage = (ev: MessageEvent<ThreadRequest>) => {
  const m = ev.data;
  queue = queue.then(async () => {
    let out: { reply: ThreadReply; transfer?: ArrayBuffer[] };
    try {
      out = await handle(m);
    } catch (err) {
      out = { reply: { id: m.id, error: plainError(err) } };
    }
    self.postMessage(out.reply, out.transfer ?? []);
  });
};
