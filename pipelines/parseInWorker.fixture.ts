// Runs in a worker thread (pipelines/parseInWorker.test.ts): the parser with its limits, given
// only a message, and nothing from the thread that started it.
import { csvRows } from "./csvRows.ts";
import { getCsvAdapter } from "./registry.ts";
import { textChunks } from "./testSupport.ts";

declare const self: Worker;

self.onmessage = async (e: MessageEvent<{ text: string; maxRecordChars: number }>) => {
  const counter = { rows: 0, peakBufferedChars: 0 };
  const out = { observations: 0, quarantine: [] as string[] };
  for await (const ev of getCsvAdapter("nyt-us-states").parse(csvRows(textChunks(e.data.text, 4096), { counter, maxRecordChars: e.data.maxRecordChars }), { batchValues: 1000 })) {
    if (ev.kind === "observations") out.observations += ev.columns.regionId.length;
    if (ev.kind === "quarantine") out.quarantine.push(...ev.rows.map((r) => `${r.line}: ${r.reason.split(" (")[0]}`));
  }
  self.postMessage({ ...out, rows: counter.rows });
};
