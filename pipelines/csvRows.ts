// Streaming CSV → rows, RFC 4180: quoted fields may hold commas, doubled quotes and newlines
// (JHU's Combined_Key is "Autauga, Alabama, US"). Most lines of the public files hold no quote
// at all, so a line without '"' is split on commas directly; only lines with a quote go through
// the character-level reader. That keeps parsing at well over 50 MB/s, several times what
// csv-parse managed on the same files, which made the CSV reader the ingestion bottleneck.
//
// Row-shaped problems are not thrown: wrong column counts pass through so the adapter can
// quarantine them with a reason, and records that cannot be read — chiefly a truncated last line
// with an unterminated quote — come out as rows with `error` set. A leading UTF-8 BOM is dropped;
// CRLF and LF line endings may be mixed; blank lines are skipped but still counted.
import type { CsvRow, CsvRowsOptions } from "./types.ts";

/** A quoted field still open after this many characters is a runaway quote, not data. */
const MAX_RECORD_CHARS = 4 * 1024 * 1024;

/**
 * The rows of a CSV byte stream, in order. An iterator object rather than an async generator:
 * rows are parsed a chunk at a time into a queue and handed out from it, which costs far less
 * per row than resuming a generator (the Google files are over a million rows).
 */
export function csvRows(bytes: AsyncIterable<Uint8Array>, opts: CsvRowsOptions = {}): AsyncIterableIterator<CsvRow> {
  return new CsvRowReader(bytes, opts);
}

class CsvRowReader implements AsyncIterableIterator<CsvRow> {
  private readonly source: AsyncIterator<Uint8Array>;
  private readonly decoder = new TextDecoder("utf-8"); // drops a leading BOM
  private readonly requireFinalNewline: boolean;
  private text = "";
  private line = 1; // line number at the start of `text`
  private headerFields = -1;
  private queue: CsvRow[] = [];
  private at = 0;
  private ended = false;

  constructor(bytes: AsyncIterable<Uint8Array>, private readonly opts: CsvRowsOptions) {
    this.source = bytes[Symbol.asyncIterator]();
    this.requireFinalNewline = opts.requireFinalNewline ?? true;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<CsvRow> {
    return this;
  }

  async next(): Promise<IteratorResult<CsvRow>> {
    while (this.at >= this.queue.length) {
      if (this.ended) return { done: true, value: undefined };
      await this.fill();
    }
    return { done: false, value: this.queue[this.at++] };
  }

  async return(): Promise<IteratorResult<CsvRow>> {
    this.ended = true;
    this.queue = [];
    await this.source.return?.();
    return { done: true, value: undefined };
  }

  /** Reads the next chunk and parses the records it completes into the queue. */
  private async fill(): Promise<void> {
    this.queue = [];
    this.at = 0;
    const chunk = await this.source.next();
    if (!chunk.done) {
      this.text += this.decoder.decode(chunk.value, { stream: true });
      const { rows, consumed, lines } = readRecords(this.text, this.line, false);
      if (consumed > 0) this.text = this.text.slice(consumed);
      this.line += lines;
      this.enqueue(rows);
      return;
    }
    this.ended = true;
    this.text += this.decoder.decode();
    const { rows, rest } = readRecords(this.text, this.line, true);
    this.text = "";
    this.enqueue(rows);
    if (rest) this.enqueue([this.lastLine(rest)]);
  }

  private enqueue(rows: CsvRow[]): void {
    if (rows.length === 0) return;
    if (this.headerFields < 0) this.headerFields = rows[0].fields.length;
    this.opts.counter && (this.opts.counter.rows += rows.length);
    for (const row of rows) this.queue.push(row);
  }

  /** The last record had no line terminator: the file may have been cut mid-line. */
  private lastLine(row: CsvRow): CsvRow {
    if (row.error || row.line <= 1 || this.headerFields < 0) return row;
    const short = row.fields.length !== this.headerFields;
    if (short || this.requireFinalNewline) {
      row.error = `truncated last line: no final newline${short ? `, ${row.fields.length} fields where the header has ${this.headerFields}` : ""}`;
    }
    return row;
  }
}

interface ReadResult {
  rows: CsvRow[];
  /** Characters of `text` fully read (complete records and the blank lines between them). */
  consumed: number;
  /** Newlines within the consumed characters. */
  lines: number;
  /** At end of input: the unterminated last record, if any. */
  rest?: CsvRow;
}

/** Reads every complete record of `text`; at `end`, the unterminated tail too (as `rest`). */
function readRecords(text: string, firstLine: number, end: boolean): ReadResult {
  const rows: CsvRow[] = [];
  let pos = 0;
  let line = firstLine;
  const n = text.length;
  // The next quote in the text, found once and reused while lines end before it: searching
  // from each line would rescan the whole quote-free remainder of the chunk every time.
  let quote = -1;
  while (pos < n) {
    const nl = text.indexOf("\n", pos);
    const lineEnd = nl < 0 ? n : nl;
    const contentEnd = lineEnd > pos && text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
    if (quote !== Infinity && quote < pos) {
      quote = text.indexOf('"', pos);
      if (quote < 0) quote = Infinity;
    }
    if (quote >= lineEnd) {
      // Fast path: a line without quotes.
      if (nl < 0 && !end) break; // incomplete line: wait for more
      const raw = text.slice(pos, contentEnd);
      if (raw.length > 0) {
        const row: CsvRow = { line, fields: raw.split(","), raw };
        if (nl < 0) return { rows, consumed: n, lines: line - firstLine, rest: row };
        rows.push(row);
      }
      pos = lineEnd + 1;
      line++;
      continue;
    }
    const rec = readQuotedRecord(text, pos, end);
    if (rec === null) {
      // The quoted field is still open at the end of what we have.
      if (!end && n - pos <= MAX_RECORD_CHARS) break;
      if (end) {
        const raw = stripTerminator(text.slice(pos));
        return { rows, consumed: n, lines: line - firstLine, rest: { line, fields: [], raw, error: "truncated last line: unterminated quoted field" } };
      }
      // A runaway quote: report the physical line as unreadable and carry on after it.
      rows.push({ line, fields: [], raw: text.slice(pos, contentEnd), error: "unparseable CSV record: a quoted field never closes" });
      pos = lineEnd + 1;
      line++;
      continue;
    }
    if (rec.terminator < 0 && !end) break; // record complete but its line end not yet read
    const raw = text.slice(pos, rec.end);
    const row: CsvRow = rec.error ? { line, fields: [], raw, error: rec.error } : { line, fields: rec.fields, raw };
    line += rec.newlines;
    if (rec.terminator < 0) return { rows, consumed: n, lines: line - firstLine, rest: row };
    rows.push(row);
    pos = rec.terminator;
    line++;
  }
  return { rows, consumed: Math.min(pos, n), lines: line - firstLine };
}

interface QuotedRecord {
  fields: string[];
  /** End of the record's text (before its line terminator). */
  end: number;
  /** Position after the line terminator, or -1 when the text ends right after the record. */
  terminator: number;
  /** Newlines inside quoted fields. */
  newlines: number;
  error?: string;
}

/**
 * Character-level RFC 4180 reader for one record starting at `start`; null if a quote is still
 * open at the end of `text` (or, before the end of input, might be the first half of "").
 */
function readQuotedRecord(text: string, start: number, atEnd: boolean): QuotedRecord | null {
  const fields: string[] = [];
  const n = text.length;
  let pos = start;
  let newlines = 0;
  let error: string | undefined;
  for (;;) {
    let field: string;
    if (pos < n && text.charCodeAt(pos) === 34) {
      // Quoted field: "" is a quote; anything, newlines included, up to the closing quote.
      let value = "";
      let from = pos + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) return null;
        if (q + 1 < n && text.charCodeAt(q + 1) === 34) {
          value += text.slice(from, q + 1);
          from = q + 2;
          continue;
        }
        if (q + 1 >= n && !atEnd) return null; // cannot tell a closing quote from the first half of "" yet
        value += text.slice(from, q);
        pos = q + 1;
        break;
      }
      for (let i = value.indexOf("\n"); i >= 0; i = value.indexOf("\n", i + 1)) newlines++;
      // Text between a closing quote and the next delimiter is not CSV.
      const next = text.charCodeAt(pos);
      if (pos < n && next !== 44 && next !== 10 && !(next === 13 && text.charCodeAt(pos + 1) === 10)) {
        error ??= "unparseable CSV record: text after a closing quote";
        while (pos < n && text.charCodeAt(pos) !== 44 && text.charCodeAt(pos) !== 10) pos++;
      }
      field = value;
    } else {
      // Unquoted field (a quote inside it is kept as is, as csv-parse's relax_quotes did).
      let stop = pos;
      while (stop < n) {
        const c = text.charCodeAt(stop);
        if (c === 44 || c === 10 || (c === 13 && text.charCodeAt(stop + 1) === 10)) break;
        stop++;
      }
      field = text.slice(pos, stop);
      pos = stop;
    }
    fields.push(field);
    if (pos >= n) return { fields, end: n, terminator: -1, newlines, error };
    const c = text.charCodeAt(pos);
    if (c === 44) {
      pos++;
      continue;
    }
    const end = pos;
    const terminator = c === 13 ? pos + 2 : pos + 1;
    return { fields, end, terminator, newlines, error };
  }
}

function stripTerminator(raw: string): string {
  if (raw.endsWith("\r\n")) return raw.slice(0, -2);
  if (raw.endsWith("\n")) return raw.slice(0, -1);
  return raw;
}

