// The parser keeps no state between calls and reads no globals of the thread that answers HTTP:
// it runs unchanged in a worker thread, limits and all.
import { expect, test } from "bun:test";
import { overlongReason } from "./csvRows.ts";

test("a CSV source parses in a worker thread, with the record cap applied there", async () => {
  const text = `${["date,state,fips,cases,deaths", "2020-03-01,Washington,53,10,1", "x".repeat(5000), "2020-03-02,Washington,53,1e999,1", "2020-03-03,Washington,53,12,1"].join("\n")}\n`;
  const worker = new Worker(new URL("./parseInWorker.fixture.ts", import.meta.url).href);
  try {
    const result = await new Promise<{ observations: number; quarantine: string[]; rows: number }>((resolve, reject) => {
      worker.onmessage = (e) => resolve(e.data);
      worker.onerror = (e) => reject(e);
      worker.postMessage({ text, maxRecordChars: 1000 });
    });
    expect(result).toEqual({
      observations: 2,
      rows: 5,
      quarantine: [`3: ${overlongReason(1000).split(" (")[0]}`, "4: out-of-range value 1e999 for cases: not a finite number within ±10000000000"],
    });
  } finally {
    worker.terminate();
  }
});
