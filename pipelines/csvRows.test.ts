import { describe, expect, test } from "bun:test";
import { csvRows } from "./csvRows.ts";
import { SourceDecodeError } from "./errors.ts";
import { textChunks } from "./testSupport.ts";
import type { CsvRow, CsvRowsOptions } from "./types.ts";

async function rows(text: string, chunkSize = 7, opts?: CsvRowsOptions): Promise<CsvRow[]> {
  const out: CsvRow[] = [];
  for await (const r of csvRows(textChunks(text, chunkSize), opts)) out.push(r);
  return out;
}

describe("csvRows", () => {
  test("quoted fields, embedded newlines and 1-based start lines", async () => {
    const r = await rows('UID,Name,N\n1,"Autauga, Alabama, US",3\n2,"two\nlines",4\n3,"say ""hi""",5\n');
    expect(r).toEqual([
      { line: 1, fields: ["UID", "Name", "N"], raw: "UID,Name,N" },
      { line: 2, fields: ["1", "Autauga, Alabama, US", "3"], raw: '1,"Autauga, Alabama, US",3' },
      { line: 3, fields: ["2", "two\nlines", "4"], raw: '2,"two\nlines",4' },
      { line: 5, fields: ["3", 'say "hi"', "5"], raw: '3,"say ""hi""",5' },
    ]);
  });

  test("quoted fields split across chunks at every position, and a quoted last field at the end of input", async () => {
    const text = 'a,b\n1,"x ""y"", z"\n"2","two\r\nlines"\r\n3,"end"';
    for (const size of [1, 2, 3, 5, 64]) {
      const r = await rows(text, size, { requireFinalNewline: false });
      expect(r.map((x) => [x.line, x.fields, x.error])).toEqual([
        [1, ["a", "b"], undefined],
        [2, ["1", 'x "y", z'], undefined],
        [3, ["2", "two\r\nlines"], undefined],
        [5, ["3", "end"], undefined],
      ]);
    }
  });

  test("a quote inside an unquoted field is kept; text after a closing quote makes the record unreadable", async () => {
    const r = await rows('a,b\n1,5" tall\n2,"x"y\n3,4\n');
    expect(r.map((x) => [x.line, x.fields, x.error])).toEqual([
      [1, ["a", "b"], undefined],
      [2, ["1", '5" tall'], undefined],
      [3, [], "unparseable CSV record: text after a closing quote"],
      [4, ["3", "4"], undefined],
    ]);
    expect(r[2].raw).toBe('2,"x"y');
  });

  test("the same rows whatever the chunk size (multi-byte characters split across chunks)", async () => {
    const text = 'a,b\n1,"Doña Ana, New Mexico"\n2,Añasco\n';
    const one = await rows(text, 1);
    expect(one).toEqual(await rows(text, 1 << 16));
    expect(one[1].fields[1]).toBe("Doña Ana, New Mexico");
  });

  test("wrong column counts pass through for the adapter to judge", async () => {
    const r = await rows("a,b,c\n1,2\n1,2,3,4\n5,6,7\n");
    expect(r.map((x) => [x.line, x.fields.length, x.error])).toEqual([
      [1, 3, undefined],
      [2, 2, undefined],
      [3, 4, undefined],
      [4, 3, undefined],
    ]);
  });

  test("CRLF, mixed line endings, a BOM and blank lines", async () => {
    const r = await rows("\ufeffa,b\r\n1,2\r\n\r\n3,4\n5,6\r\n");
    expect(r.map((x) => [x.line, x.raw])).toEqual([
      [1, "a,b"],
      [2, "1,2"],
      [4, "3,4"],
      [5, "5,6"],
    ]);
    expect(r[0].fields).toEqual(["a", "b"]);
  });

  test("a short last line without newline is a truncated row", async () => {
    const r = await rows("a,b,c\n1,2,3\n4,5");
    expect(r[2]).toEqual({
      line: 3,
      fields: ["4", "5"],
      raw: "4,5",
      error: "truncated last line: no final newline, 2 fields where the header has 3",
    });
  });

  test("an unterminated quote on the last line is a row error, earlier rows intact", async () => {
    const r = await rows('a,b,c\n1,2,3\n4,5,"six\n');
    expect(r).toEqual([
      { line: 1, fields: ["a", "b", "c"], raw: "a,b,c" },
      { line: 2, fields: ["1", "2", "3"], raw: "1,2,3" },
      { line: 3, fields: [], raw: '4,5,"six', error: "truncated last line: unterminated quoted field" },
    ]);
  });

  test("a full last line without newline: truncated by default, accepted on request", async () => {
    const text = "a,b\n1,2\n3,4";
    expect((await rows(text))[2].error).toBe("truncated last line: no final newline");
    expect((await rows(text, 7, { requireFinalNewline: false }))[2].error).toBeUndefined();
  });

  test("a source error surfaces unchanged", async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode("a,b\n1,2\n");
      throw new SourceDecodeError("x.gz", "cut short");
    }
    const seen: number[] = [];
    const read = async () => {
      for await (const r of csvRows(failing())) seen.push(r.line);
    };
    await expect(read()).rejects.toBeInstanceOf(SourceDecodeError);
  });
});
