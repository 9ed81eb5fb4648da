import { expect, test } from "bun:test";
import { SourceTooLargeError } from "./errors.ts";
import { parquetFromStream } from "./parquetBytes.ts";
import { textChunks } from "./testSupport.ts";

test("a parquet source is gathered whole from its chunks, and sliced like a file", async () => {
  const bytes = new Uint8Array(10_000).map((_, i) => i % 251);
  const file = await parquetFromStream(textChunks(bytes, 333), "x.parquet");
  expect(file.byteLength).toBe(10_000);
  expect(new Uint8Array(await file.slice(9_990))).toEqual(bytes.subarray(9_990));
  expect(new Uint8Array(await file.slice(5, 9))).toEqual(bytes.subarray(5, 9));
});

test("more bytes than the cap fail the source by name instead of filling memory", async () => {
  const run = parquetFromStream(textChunks(new Uint8Array(5000), 1000), "big.parquet", 4096);
  await expect(run).rejects.toBeInstanceOf(SourceTooLargeError);
  await expect(run).rejects.toThrow(/big.parquet is larger than 4096 bytes/);
});
