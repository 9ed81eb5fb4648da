// The record-length cap of csvRows: every record, quoted or not, complete or still streaming.
import { describe, expect, test } from "bun:test";
import { csvRows, DEFAULT_MAX_RECORD_CHARS, overlongReason } from "./csvRows.ts";
import { textChunks } from "./testSupport.ts";
import type { CsvCounter, CsvRow, CsvRowsOptions } from "./types.ts";

async function rows(source: AsyncIterable<Uint8Array>, opts?: CsvRowsOptions): Promise<CsvRow[]> {
  const out: CsvRow[] = [];
  for await (const r of csvRows(source, opts)) out.push(r);
  return out;
}

/** `before`, then `length` bytes of `fill` in chunks of `chunk` bytes, then `after`: never held whole. */
async function* longLine(before: string, length: number, after: string, chunk = 64 * 1024, fill = 0x61): AsyncGenerator<Uint8Array> {
  const enc = new TextEncoder();
  yield enc.encode(before);
  const block = new Uint8Array(chunk).fill(fill);
  for (let left = length; left > 0; left -= chunk) yield left >= chunk ? block : block.subarray(0, left);
  yield enc.encode(after);
}

const shape = (r: CsvRow[]) => r.map((x) => [x.line, x.error ? "error" : x.fields.join("|")]);

describe("csvRows record limit", () => {
  test("an unquoted line over the cap is one error row; the lines after it are read", async () => {
    for (const chunk of [1, 7, 64, 4096]) {
      const r = await rows(longLine("a,b\n1,2\n", 5000, "\n3,4\n", chunk), { maxRecordChars: 1000 });
      expect(shape(r)).toEqual([
        [1, "a|b"],
        [2, "1|2"],
        [3, "error"],
        [4, "3|4"],
      ]);
      expect(r[2].error).toBe(overlongReason(1000));
      expect(r[2].raw.startsWith("aaaa")).toBe(true);
    }
  });

  test("a complete line over the cap within one chunk is an error row too", async () => {
    const r = await rows(textChunks(`a,b\n${"x,".repeat(600)}y\n5,6\n`, 1 << 20), { maxRecordChars: 1000 });
    expect(shape(r)).toEqual([
      [1, "a|b"],
      [2, "error"],
      [3, "5|6"],
    ]);
  });

  test("a quoted record over the cap, on one line or across lines", async () => {
    const one = await rows(longLine('a,b\n1,"', 3000, '",2\n3,4\n', 100), { maxRecordChars: 1000 });
    expect(shape(one)).toEqual([
      [1, "a|b"],
      [2, "error"],
      [3, "3|4"],
    ]);
    expect(one[1].error).toBe(overlongReason(1000));
    // Many short lines inside one quoted field: complete but too long.
    const multi = await rows(textChunks(`a,b\n1,"${"ab\n".repeat(500)}",2\n3,4\n`, 1 << 20), { maxRecordChars: 1000 });
    expect(multi[1].error).toBe(overlongReason(1000));
    expect(multi.at(-1)?.fields).toEqual(["3", "4"]);
  });

  test("an over-long last line without newline is one error row", async () => {
    const r = await rows(longLine("a,b\n", 5000, "", 64), { maxRecordChars: 1000 });
    expect(shape(r)).toEqual([
      [1, "a|b"],
      [2, "error"],
    ]);
    expect(r[1].error).toBe(overlongReason(1000));
  });

  test("records at the cap still parse", async () => {
    const field = "z".repeat(998);
    const r = await rows(textChunks(`a,b\n${field},1\n"${field.slice(2)}",2\n`, 100), { maxRecordChars: 1000 });
    expect(shape(r)).toEqual([
      [1, "a|b"],
      [2, `${field}|1`],
      [3, `${field.slice(2)}|2`],
    ]);
  });

  test("a 64 MB line without newline is quarantined holding about one cap of text", async () => {
    const counter: CsvCounter = { rows: 0 };
    const r = await rows(longLine("a,b\n", 64 * 1024 * 1024, "\n7,8\n", 1 << 20), { counter });
    expect(shape(r)).toEqual([
      [1, "a|b"],
      [2, "error"],
      [3, "7|8"],
    ]);
    expect(r[1].error).toBe(overlongReason(DEFAULT_MAX_RECORD_CHARS));
    expect(r[1].raw.length).toBeLessThanOrEqual(16 * 1024);
    expect(counter.rows).toBe(3);
    // The reader never held more than the cap plus one decoded slice (256 KiB).
    expect(counter.peakBufferedChars!).toBeGreaterThan(DEFAULT_MAX_RECORD_CHARS);
    expect(counter.peakBufferedChars!).toBeLessThanOrEqual(DEFAULT_MAX_RECORD_CHARS + 256 * 1024);
  });
});
