// Puts an ingest job on the work queue exactly once and records it as queued. The job id is
// the dedup key twice over: JetStream drops a second publish within the duplicate window, and
// the job record in KV stops a late duplicate (a scheduler host whose clock is far behind).
import { type Mesh, publish } from "../mesh/mod.ts";
import { type IngestJob, type JobOrigin, type JobRecord, messages } from "../domain/mod.ts";
import { recordQueued } from "./jobRecord.ts";
import type { JobStore } from "./jobStore.ts";

export interface EnqueueOptions {
  origin: JobOrigin;
  correlationId?: string;
  /** Size of the source when the submitter knows it (a local file), for progress bars. */
  bytesTotal?: number | null;
  /** The API key id of the submitter, who may read the job back. */
  owner?: string | null;
}

export interface Enqueued {
  /** True when this job id was already submitted: nothing new was queued. */
  duplicate: boolean;
  record: JobRecord;
}

/**
 * A file job without a root (the operator's CLI: any file the worker can read) goes to the
 * subject only the CLI's NATS user may publish; URLs and files under a root to the shared one,
 * where the worker reads files only inside its own INGEST_FILE_ROOT.
 */
export function ingestSubjectOf(mesh: Mesh, job: IngestJob): string {
  return job.file && !job.fileRoot ? mesh.contract.subjects.ingestFileJobs : mesh.contract.subjects.ingestJobs;
}

export async function enqueueIngestJob(mesh: Mesh, store: JobStore, job: IngestJob, opts: EnqueueOptions): Promise<Enqueued> {
  const existing = await store.get(job.jobId);
  if (existing) return { duplicate: true, record: existing };
  const ack = await publish(mesh, ingestSubjectOf(mesh, job), messages.ingestJob, job, {
    id: job.jobId,
    correlationId: opts.correlationId ?? job.jobId,
    expectStream: mesh.contract.streams.ingestJobs.name,
  });
  const record = await store.update(job.jobId, (cur) =>
    recordQueued(
      cur,
      {
        jobId: job.jobId,
        source: job.source,
        origin: opts.origin,
        location: job.url ?? job.file ?? null,
        requestedAt: job.requestedAt,
        bytesTotal: opts.bytesTotal,
        owner: opts.owner,
      },
      new Date().toISOString(),
    ),
  );
  return { duplicate: ack.duplicate, record };
}
