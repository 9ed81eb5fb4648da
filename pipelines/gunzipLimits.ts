// Bounds on what a gzip source may expand to. A gzip bomb (65 KB holding a 64 MB line, or a few
// MB holding terabytes) costs nothing to send and everything to read, so the decompressed bytes
// are capped, and so is the ratio of decompressed to compressed bytes once past a grace amount
// (real CSV compresses 3–15×; a bomb runs to ~1000×). Compressed input is fed to the inflater in
// small slices, so one slice can never queue more than ~1000× its size of output.
import { PipelineError } from "./errors.ts";

export interface DecompressionLimits {
  /** Most decompressed bytes one source may produce. */
  maxBytes: number;
  /** Most decompressed bytes per compressed byte, checked once past `ratioGraceBytes` of output. */
  maxRatio: number;
  /** Decompressed bytes before the ratio is checked: small files may compress very well. */
  ratioGraceBytes: number;
}

export const DEFAULT_DECOMPRESSION_LIMITS: DecompressionLimits = {
  maxBytes: 4 * 1024 ** 3,
  maxRatio: 100,
  ratioGraceBytes: 16 * 1024 ** 2,
};

/** Compressed bytes handed to the inflater at once: at most ~1032× this is queued as output. */
export const INFLATE_SLICE_BYTES = 4 * 1024;

/** A gzip source expanded past a cap: a bomb or a source too big to ingest. Permanent. */
export class DecompressionLimitError extends PipelineError {
  override name = "DecompressionLimitError";
  constructor(
    readonly location: string,
    readonly limit: "bytes" | "ratio",
    readonly decompressedBytes: number,
    readonly compressedBytes: number,
    limits: DecompressionLimits,
  ) {
    super(
      limit === "bytes"
        ? `${location}: gzip stream expands past ${limits.maxBytes} bytes (the most one source may decompress to)`
        : `${location}: gzip stream expands ${Math.round(decompressedBytes / Math.max(1, compressedBytes))}× (${decompressedBytes} bytes from ${compressedBytes}); more than ${limits.maxRatio}× is treated as a gzip bomb`,
    );
  }
}

/** Cuts chunks to at most `size` bytes (views, no copies). */
export async function* sliceChunks(chunks: AsyncIterable<Uint8Array>, size = INFLATE_SLICE_BYTES): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i += size) yield chunk.length <= size ? chunk : chunk.subarray(i, i + size);
  }
}

/**
 * Passes decompressed chunks through, throwing DecompressionLimitError as soon as a cap is
 * passed; `compressedBytes` reports the source bytes consumed so far.
 */
export async function* limitDecompressed(
  decompressed: AsyncIterable<Uint8Array>,
  compressedBytes: () => number,
  location: string,
  limits: DecompressionLimits = DEFAULT_DECOMPRESSION_LIMITS,
): AsyncGenerator<Uint8Array> {
  let out = 0;
  for await (const chunk of decompressed) {
    out += chunk.length;
    if (out > limits.maxBytes) throw new DecompressionLimitError(location, "bytes", out, compressedBytes(), limits);
    if (out > limits.ratioGraceBytes) {
      const inBytes = compressedBytes();
      if (out > limits.maxRatio * Math.max(1, inBytes)) throw new DecompressionLimitError(location, "ratio", out, inBytes, limits);
    }
    yield chunk;
  }
}
