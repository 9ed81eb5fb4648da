// Puts a batch of pushed case reports on the REPORTS work queue exactly once (the job id is
// the dedup key, as for ingest jobs) and records it as a queued job of source "reports".
import { type Mesh, publish } from "../mesh/mod.ts";
import { messages, REPORTS_DATASET, type ReportBatch } from "../domain/mod.ts";
import { recordQueued } from "./jobRecord.ts";
import type { Enqueued } from "./enqueueIngest.ts";
import type { JobStore } from "./jobStore.ts";

/** The source id of pushed reports: their jobs, quarantine rows and observation dataset. */

export async function enqueueReportBatch(mesh: Mesh, store: JobStore, batch: ReportBatch, opts: { correlationId?: string; owner?: string | null } = {}): Promise<Enqueued> {
  const existing = await store.get(batch.jobId);
  if (existing) return { duplicate: true, record: existing };
  const ack = await publish(mesh, mesh.contract.subjects.reportsSubmitted, messages.reportBatch, batch, {
    id: batch.jobId,
    correlationId: opts.correlationId ?? batch.jobId,
    expectStream: mesh.contract.streams.reports.name,
  });
  const record = await store.update(batch.jobId, (cur) =>
    recordQueued(
      cur,
      { jobId: batch.jobId, source: REPORTS_DATASET, origin: "reports", location: null, requestedAt: batch.receivedAt, owner: opts.owner },
      new Date().toISOString(),
    ),
  );
  return { duplicate: ack.duplicate, record };
}
