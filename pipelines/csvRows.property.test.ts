// Properties of the CSV row reader over generated tables: any table written by the RFC 4180
// rules reads back field for field whatever the chunking; and arbitrary bytes never make it
// throw — every record comes out as fields or as a row with `error`.
import { expect, test } from "bun:test";
import fc from "fast-check";
import { csvRows } from "./csvRows.ts";
import { textChunks } from "./testSupport.ts";
import type { CsvRow } from "./types.ts";

async function read(input: string | Uint8Array, chunk: number): Promise<CsvRow[]> {
  const out: CsvRow[] = [];
  for await (const r of csvRows(textChunks(input, chunk), { requireFinalNewline: false })) out.push(r);
  return out;
}

/** Fields made of the characters that matter to CSV, and a few that matter to UTF-8. */
const field = fc.string({ unit: fc.constantFrom("a", "1", " ", ",", '"', "\n", "\r", "é", "😷", "\t", "-"), maxLength: 12 });
const encodeField = (f: string) => (/[",\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f);
// A record of one empty field would be a blank line (skipped): quote it.
const encodeRow = (r: string[]) => (r.length === 1 && r[0] === "" ? '""' : r.map(encodeField).join(","));

test("a table written by RFC 4180 reads back field for field, split anywhere", async () => {
  let tables = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }),
      fc.integer({ min: 1, max: 64 }),
      fc.constantFrom("\n", "\r\n"),
      async (table, chunk, eol) => {
        tables++;
        const text = ["header", ...table.map(encodeRow)].join(eol) + eol;
        const rows = await read(text, chunk);
        expect(rows.map((r) => r.error)).toEqual(rows.map(() => undefined));
        expect(rows.slice(1).map((r) => r.fields)).toEqual(table);
        const lines = rows.map((r) => r.line);
        expect([...lines].sort((a, b) => a - b)).toEqual(lines);
      },
    ),
    { numRuns: 300, seed: 4180 },
  );
  console.log(`csvRows round trip: ${tables} generated tables`);
});

test("arbitrary bytes never throw: each record is fields or a row with error", async () => {
  let inputs = 0;
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 1, max: 32 }), async (bytes, chunk) => {
      inputs++;
      const rows = await read(bytes, chunk);
      for (const r of rows) {
        expect(Number.isInteger(r.line) && r.line >= 1).toBe(true);
        expect(Array.isArray(r.fields)).toBe(true);
      }
    }),
    { numRuns: 300, seed: 20_261_205 },
  );
  console.log(`csvRows hostile bytes: ${inputs} inputs`);
});
