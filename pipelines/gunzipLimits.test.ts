import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { csvRows, DEFAULT_MAX_RECORD_CHARS, overlongReason } from "./csvRows.ts";
import { DecompressionLimitError, limitDecompressed, sliceChunks } from "./gunzipLimits.ts";
import { openSource } from "./openSource.ts";
import { SAMPLE_LOOKUP as LOOKUP } from "./testSupport.ts";
import type { CsvCounter, CsvRow } from "./types.ts";

let dir = "";
let bomb = "";

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "covid-mesh-gz-"));
  // A header, then one 64 MB line without newline: ~65 KB once gzipped.
  const line = Buffer.alloc(64 * 1024 * 1024, 0x61);
  bomb = join(dir, "bomb.csv.gz");
  writeFileSync(bomb, Buffer.concat([gzipSync("a,b\n"), gzipSync(line, { level: 9 })]));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("gzip limits", () => {
  test("a 64 MB line in a 65 KB gzip: the line is an error row, then the ratio cap fails the source", async () => {
    const src = await openSource({ file: bomb });
    expect(src.gzip).toBe(true);
    const counter: CsvCounter = { rows: 0 };
    const seen: CsvRow[] = [];
    let failure: unknown;
    try {
      for await (const row of csvRows(src.stream, { counter })) seen.push(row);
    } catch (err) {
      failure = err;
    }
    expect(seen.map((r) => [r.line, r.error ?? r.fields.join("|")])).toEqual([
      [1, "a|b"],
      [2, overlongReason(DEFAULT_MAX_RECORD_CHARS)],
    ]);
    expect(failure).toBeInstanceOf(DecompressionLimitError);
    const e = failure as DecompressionLimitError;
    expect(e.limit).toBe("ratio");
    expect(e.message).toMatch(/gzip bomb/);
    // Stopped a little past the grace amount, far short of the 64 MB.
    expect(e.decompressedBytes).toBeLessThan(24 * 1024 * 1024);
    expect(counter.peakBufferedChars!).toBeLessThanOrEqual(DEFAULT_MAX_RECORD_CHARS + 256 * 1024);
  });

  test("the decompressed-bytes cap", async () => {
    const src = await openSource({ file: LOOKUP }, { decompression: { maxBytes: 100_000, maxRatio: 100, ratioGraceBytes: 1 << 30 } });
    let failure: unknown;
    let bytes = 0;
    try {
      for await (const chunk of src.stream) bytes += chunk.length;
    } catch (err) {
      failure = err;
    }
    expect(failure).toBeInstanceOf(DecompressionLimitError);
    expect((failure as DecompressionLimitError).limit).toBe("bytes");
    expect(bytes).toBeLessThanOrEqual(100_000);
  });

  test("a real file passes the default limits unchanged", async () => {
    const src = await openSource({ file: LOOKUP });
    const parts: Uint8Array[] = [];
    for await (const chunk of src.stream) parts.push(chunk);
    expect(Buffer.concat(parts).equals(gunzipSync(readFileSync(LOOKUP)))).toBe(true);
  });

  test("the ratio is only checked past the grace amount", async () => {
    async function* out() {
      yield new Uint8Array(1000);
      yield new Uint8Array(1000);
    }
    const limits = { maxBytes: 1e9, maxRatio: 10, ratioGraceBytes: 1500 };
    const read = async (compressed: number) => {
      let n = 0;
      for await (const c of limitDecompressed(out(), () => compressed, "x", limits)) n += c.length;
      return n;
    };
    expect(await read(200)).toBe(2000);
    await expect(read(150)).rejects.toBeInstanceOf(DecompressionLimitError);
  });

  test("sliceChunks cuts without copying or losing bytes", async () => {
    async function* one() {
      yield Uint8Array.from({ length: 10 }, (_, i) => i);
    }
    const parts: number[][] = [];
    for await (const c of sliceChunks(one(), 4)) parts.push([...c]);
    expect(parts).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9],
    ]);
  });
});
