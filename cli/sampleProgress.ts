// The bundled sample at `npm start`, with its progress in the startup log: one line per file
// every few seconds while it lands (read, stored batches, percent), and one when it is done.
import type { Logger } from "../mesh/mod.ts";
import type { Mesh } from "../mesh/mod.ts";
import type { Storage } from "../sql/mod.ts";
import { fractionDone } from "./progress.ts";
import { ingestSampleIfEmpty } from "./sample.ts";

export async function ingestSampleWithProgress(deps: { client: Mesh; storage: Storage }, log: Logger, everyMs = 2_000): Promise<void> {
  const t0 = performance.now();
  const ms = () => Math.round(performance.now() - t0);
  let lastAt = 0;
  let lastJob = "";
  try {
    const events = await ingestSampleIfEmpty(
      deps,
      (ev) => log.info({ jobId: ev.jobId, state: ev.state, ...ev.counts, ms: ms() }, "sample file ingested"),
      (file, r) => {
        const now = performance.now();
        if (r.jobId === lastJob && now - lastAt < everyMs) return;
        lastJob = r.jobId;
        lastAt = now;
        const f = fractionDone(r);
        log.info(
          {
            file: file.source,
            jobId: r.jobId,
            state: r.state,
            percent: f === null ? null : Math.floor(f * 100),
            rowsRead: r.progress.rowsRead,
            batchesDone: r.progress.batchesDone,
            batchesExpected: r.progress.batchesExpected,
            ms: ms(),
          },
          "sample ingest progress",
        );
      },
    );
    if (events) log.info({ files: events.length, ms: ms() }, "bundled sample ingested (see sample/ATTRIBUTION.md)");
  } catch (err) {
    log.error({ err }, "sample ingest failed");
  }
}
