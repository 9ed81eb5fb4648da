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
//
// Bounded: no record, quoted or not, may exceed `maxRecordChars`. A longer one comes out as an
// error row holding only its first characters, and the rest of its physical line is discarded
// chunk by chunk without being kept, so a 64 MB line (or a gzip bomb of one) costs memory of
// the order of the cap, and time linear in its length: an unfinished record is re-read only once
// the pending text has doubled, and source chunks are handed to the decoder in bounded slices.
import type { CsvRow, CsvRowsOptions } from "./types.ts";

/** Default cap on one record's characters (1 MiB): JHU's widest lines are ~10 KB. */
export const DEFAULT_MAX_RECORD_CHARS = 1024 * 1024;
/** Characters of an over-long record kept in its error row (the quarantine cuts raw text further). */
const OVERLONG_RAW_KEPT = 16 * 1024;
/** Source chunks are decoded at most this many bytes at a time, whatever the source hands us. */
const SLICE_BYTES = 256 * 1024;
/** Pending text below this is re-read on every chunk; above it, only once it has doubled. */
const REREAD_FLOOR = 64 * 1024;

/**
 * The rows of a CSV byte stream, in order. An iterator object rather than an async generator:
 * rows are parsed a chunk at a time into a queue and handed out from it, which costs far less
 * per row than resuming a generator (the Google files are over a million rows).
 */
export function csvRows(bytes: AsyncIterable<Uint8Array>, opts: CsvRowsOptions = {}): AsyncIterableIterator<CsvRow> {
  return new CsvRowReader(bytes, opts);
}

export function overlongReason(maxChars: number): string {
  return `record longer than ${maxChars} characters (the limit of one CSV record); the rest of the line was discarded`;
}

class CsvRowReader implements AsyncIterableIterator<CsvRow> {
  private readonly source: AsyncIterator<Uint8Array>;
  private readonly decoder = new TextDecoder("utf-8"); // drops a leading BOM
  private readonly requireFinalNewline: boolean;
  private readonly maxChars: number;
  private text = "";
  private line = 1; // line number at the start of `text`
  private headerFields = -1;
  private queue: CsvRow[] = [];
  private at = 0;
  private ended = false;
  /** The rest of the current source chunk, not yet decoded. */
  private pending: Uint8Array | null = null;
  /** Discarding the tail of an over-long physical line, up to its newline. */
  private skipping = false;
  /** Pending text must reach this length before it is read again (0 = read on every chunk). */
  private rereadAt = 0;

  constructor(
    bytes: AsyncIterable<Uint8Array>,
    private readonly opts: CsvRowsOptions,
  ) {
    this.source = bytes[Symbol.asyncIterator]();
    this.requireFinalNewline = opts.requireFinalNewline ?? true;
    this.maxChars = opts.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
    if (opts.counter) opts.counter.peakBufferedChars ??= 0;
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
    this.pending = null;
    await this.source.return?.();
    return { done: true, value: undefined };
  }

  /** The next slice of source bytes, at most SLICE_BYTES; null at the end of the source. */
  private async nextSlice(): Promise<Uint8Array | null> {
    if (!this.pending) {
      const chunk = await this.source.next();
      if (chunk.done) return null;
      this.pending = chunk.value;
    }
    const bytes = this.pending;
    if (bytes.length <= SLICE_BYTES) {
      this.pending = null;
      return bytes;
    }
    this.pending = bytes.subarray(SLICE_BYTES);
    return bytes.subarray(0, SLICE_BYTES);
  }

  /** Reads the next slice and parses the records it completes into the queue. */
  private async fill(): Promise<void> {
    this.queue = [];
    this.at = 0;
    const slice = await this.nextSlice();
    if (slice) {
      let decoded = this.decoder.decode(slice, { stream: true });
      if (this.skipping) {
        const nl = decoded.indexOf("\n");
        if (nl < 0) return; // still inside the over-long line: drop it
        this.skipping = false;
        this.line++;
        decoded = decoded.slice(nl + 1);
      }
      this.text += decoded;
      this.notePeak();
      if (this.text.length < this.rereadAt) return;
      const { rows, consumed, lines, overlong } = readRecords(this.text, this.line, false, this.maxChars);
      if (consumed > 0) this.text = this.text.slice(consumed);
      this.line += lines;
      this.enqueue(rows);
      if (overlong) {
        // The line is longer than any record may be and its end is not in sight yet.
        this.enqueue([overlong]);
        this.text = "";
        this.skipping = true;
        this.rereadAt = 0;
        return;
      }
      // An unfinished record longer than a chunk: wait until it has doubled (or passes the cap)
      // before reading it again, so its total cost stays linear in its length.
      this.rereadAt = this.text.length >= REREAD_FLOOR ? Math.min(2 * this.text.length, this.maxChars + 1) : 0;
      return;
    }
    this.ended = true;
    const tail = this.decoder.decode();
    if (this.skipping) return; // the over-long last line ends here; its error row is out
    this.text += tail;
    const { rows, rest } = readRecords(this.text, this.line, true, this.maxChars);
    this.text = "";
    this.enqueue(rows);
    if (rest) this.enqueue([this.lastLine(rest)]);
  }

  private notePeak(): void {
    const c = this.opts.counter;
    if (c && this.text.length > (c.peakBufferedChars ?? 0)) c.peakBufferedChars = this.text.length;
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

/** An error row for a record over the cap: only its first characters are kept. */
function overlongRow(text: string, start: number, line: number, maxChars: number): CsvRow {
  return { line, fields: [], raw: text.slice(start, start + OVERLONG_RAW_KEPT), error: overlongReason(maxChars) };
}

interface ReadResult {
  rows: CsvRow[];
  /** Characters of `text` fully read (complete records and the blank lines between them). */
  consumed: number;
  /** Newlines within the consumed characters. */
  lines: number;
  /** At end of input: the unterminated last record, if any. */
  rest?: CsvRow;
  /** Before the end: an unfinished physical line already longer than the cap (all of `text` is consumed). */
  overlong?: CsvRow;
}

/** Reads every complete record of `text`; at `end`, the unterminated tail too (as `rest`). */
function readRecords(text: string, firstLine: number, end: boolean, maxChars: number): ReadResult {
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
    if (nl < 0 && !end && n - pos > maxChars) {
      // No line end within the cap: whatever the record is, it is too long.
      return { rows, consumed: n, lines: line - firstLine, overlong: overlongRow(text, pos, line, maxChars) };
    }
    if (quote >= lineEnd) {
      // Fast path: a line without quotes.
      if (nl < 0 && !end) break; // incomplete line: wait for more
      if (contentEnd - pos > maxChars) {
        const row = overlongRow(text, pos, line, maxChars);
        if (nl < 0) return { rows, consumed: n, lines: line - firstLine, rest: row };
        rows.push(row);
      } else if (contentEnd > pos) {
        const raw = text.slice(pos, contentEnd);
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
      if (!end && n - pos <= maxChars) break;
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
    const row: CsvRow =
      rec.end - pos > maxChars
        ? overlongRow(text, pos, line, maxChars)
        : rec.error
          ? { line, fields: [], raw: text.slice(pos, rec.end), error: rec.error }
          : { line, fields: rec.fields, raw: text.slice(pos, rec.end) };
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
