// A parquet file is read from its end (the footer names the row groups), so a parquet source is
// gathered whole before decoding: from a stream (an HTTP body, a gunzipped file) into one buffer,
// refusing to hold more than a cap, so a wrong URL cannot take the worker's memory.
import { SourceTooLargeError } from "./errors.ts";
import type { ParquetFile } from "./types.ts";

/** Default cap: the NSSP file is 2.4 MB today; 512 MiB leaves years of growth and still fits a worker. */
export const DEFAULT_MAX_PARQUET_BYTES = 512 * 1024 * 1024;

export async function parquetFromStream(stream: AsyncIterable<Uint8Array>, location: string, maxBytes = DEFAULT_MAX_PARQUET_BYTES): Promise<ParquetFile> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += chunk.length;
    if (total > maxBytes) throw new SourceTooLargeError(location, maxBytes);
    chunks.push(chunk);
  }
  const bytes = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    bytes.set(c, o);
    o += c.length;
  }
  return overBuffer(bytes.buffer);
}

/** A ParquetFile over bytes already in memory (tests, the bundled sample). */
export function parquetFromBytes(bytes: Uint8Array): ParquetFile {
  return overBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}

/** Slices copy, except the whole file, which the decoder reads in one piece (no second copy). */
function overBuffer(buffer: ArrayBuffer): ParquetFile {
  const n = buffer.byteLength;
  return { byteLength: n, slice: (start, end = n) => (start === 0 && end === n ? buffer : buffer.slice(start, end)) };
}
