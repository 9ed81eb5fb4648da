// Bound on the bytes of a plain (not gzipped) source. A gzip source is capped on what it
// expands to (gunzipLimits.ts); without this, a plain file or an HTTP body that never ends
// (a misconfigured URL, a hostile server dribbling bytes forever) was read without end,
// publishing batch after batch until storage filled.
import { SourceTooLargeError } from "./errors.ts";

/** Default: 4 GiB, the same as the decompressed cap of a gzip source (the largest real file here is far below). */
export const DEFAULT_MAX_PLAIN_BYTES = 4 * 1024 ** 3;

/** Passes chunks through, throwing SourceTooLargeError as soon as more than `maxBytes` went by. */
export async function* limitPlain(chunks: AsyncIterable<Uint8Array>, location: string, maxBytes = DEFAULT_MAX_PLAIN_BYTES): AsyncGenerator<Uint8Array> {
  let seen = 0;
  for await (const chunk of chunks) {
    seen += chunk.length;
    if (seen > maxBytes) throw new SourceTooLargeError(location, maxBytes, "the most one plain (not gzipped) source may stream");
    yield chunk;
  }
}
