// Streaming CSV → rows. We use csv-parse (maintained, RFC 4180 quoting, embedded newlines,
// BOM handling, streaming) rather than splitting lines ourselves: the JHU files quote
// Combined_Key ("Autauga, Alabama, US"), and a hand-rolled splitter is where quoting bugs live.
//
// Row-shaped problems are not thrown: wrong column counts pass through (relax_column_count) so
// the adapter can quarantine them with a reason, and records csv-parse cannot parse — chiefly a
// truncated last line with an unterminated quote — come out as rows with `error` set.
import { parse, type CsvError } from "csv-parse";
import { Readable, pipeline } from "node:stream";
import { CsvReadError } from "./errors.ts";
import type { CsvRow, CsvRowsOptions } from "./types.ts";

/** A record larger than this is broken (a runaway quote), not data: JHU rows are < 20 KB. */
const MAX_RECORD_CHARS = 4 * 1024 * 1024;

interface ParsedRecord {
  record: string[];
  raw: string;
  info: { lines: number };
}

export async function* csvRows(bytes: AsyncIterable<Uint8Array>, opts: CsvRowsOptions = {}): AsyncGenerator<CsvRow> {
  const requireFinalNewline = opts.requireFinalNewline ?? true;
  // Errors csv-parse reports through on_skip, ordered by line when emitted.
  const broken: CsvRow[] = [];
  const parser = parse({
    raw: true,
    info: true,
    bom: true,
    // Both terminators, so a file with mixed endings (concatenated pieces) still splits per line.
    record_delimiter: ["\r\n", "\n"],
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: MAX_RECORD_CHARS,
    on_skip: (err: CsvError | undefined, raw: string | undefined) => {
      const text = stripTerminator(raw ?? "");
      const line = Math.max(1, parser.info.lines - countNewlines(text));
      const reason =
        err?.code === "CSV_QUOTE_NOT_CLOSED"
          ? "truncated last line: unterminated quoted field"
          : `unparseable CSV record: ${err?.message ?? "unknown error"}`;
      broken.push({ line, fields: [], raw: text, error: reason });
      return undefined;
    },
  });
  const input = Readable.from(toBuffers(bytes), { objectMode: false });
  // pipeline forwards a source error (e.g. SourceDecodeError) to the parser, so iteration throws it.
  pipeline(input, parser, () => {});

  let headerFields = -1;
  let held: CsvRow | null = null;
  let heldTerminated = true;

  function* release(upToLine: number): Generator<CsvRow> {
    if (broken.length === 0) return;
    broken.sort((a, b) => a.line - b.line);
    while (broken.length > 0 && broken[0].line < upToLine) yield broken.shift()!;
  }

  try {
    for await (const rec of parser as AsyncIterable<ParsedRecord>) {
      const terminated = /[\r\n]$/.test(rec.raw);
      const raw = stripTerminator(rec.raw);
      const line = rec.info.lines - countNewlines(raw);
      const row: CsvRow = { line, fields: rec.record, raw };
      if (headerFields < 0) headerFields = rec.record.length;
      if (held) {
        yield* release(held.line);
        yield held;
      }
      held = row;
      heldTerminated = terminated;
    }
    if (held) {
      yield* release(held.line);
      if (!heldTerminated && held.line > 1) {
        const short = held.fields.length !== headerFields;
        if (short || requireFinalNewline) {
          held.error = `truncated last line: no final newline${
            short ? `, ${held.fields.length} fields where the header has ${headerFields}` : ""
          }`;
        }
      }
      yield held;
    }
    yield* release(Number.POSITIVE_INFINITY);
  } catch (err) {
    // Source errors (PipelineError, AbortError) pass through; csv-parse's own become named.
    if (typeof (err as CsvError)?.code === "string" && (err as CsvError).code.startsWith("CSV_")) {
      throw new CsvReadError(`CSV reader failed: ${(err as Error).message}`, { cause: err });
    }
    throw err;
  } finally {
    input.destroy();
    parser.destroy();
  }
}

async function* toBuffers(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  for await (const chunk of bytes) yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/** Drops the line terminator and the blank lines csv-parse skipped before the record. */
function stripTerminator(raw: string): string {
  let start = 0;
  while (start < raw.length && (raw[start] === "\n" || raw[start] === "\r")) start++;
  if (start > 0) raw = raw.slice(start);
  if (raw.endsWith("\r\n")) return raw.slice(0, -2);
  if (raw.endsWith("\n") || raw.endsWith("\r")) return raw.slice(0, -1);
  return raw;
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf("\n"); i >= 0; i = s.indexOf("\n", i + 1)) n++;
  return n;
}
