// Ack progress while a source is read, not only when a batch is published: a job that spends
// minutes inside one huge record (or inflating a slow gzip) publishes nothing meanwhile, and a
// job that says nothing for AckWait is redelivered while it still runs. Every chunk the parser
// pulls passes here; at most once per interval it reports. Chunks are bounded (csvRows and the
// gunzip limits slice them), so the time between two chunks is bounded too.

/** Passes `chunks` through, calling `beat` when at least `intervalMs` passed since the last call. */
export async function* tapProgress(chunks: AsyncIterable<Uint8Array>, beat: () => void, intervalMs: number, now: () => number = Date.now): AsyncGenerator<Uint8Array> {
  let last = now();
  for await (const chunk of chunks) {
    const t = now();
    if (t - last >= intervalMs) {
      last = t;
      beat();
    }
    yield chunk;
  }
}
