// Submits an ingest job to the mesh and, if asked, waits for its final event.
import { resolve } from "node:path";
import { decodeMessage, publish, type Mesh } from "../mesh/mod.ts";
import { messages, type IngestJob, type JobEvent } from "../mesh/messages.ts";

export class IngestWaitTimeoutError extends Error {
  override name = "IngestWaitTimeoutError";
}

export interface IngestRequest {
  source: string;
  file?: string;
  url?: string;
  jobId?: string;
}

export function newJobId(source: string): string {
  return `${source}-${Date.now().toString(36)}-${crypto.randomUUID().slice(0, 8)}`;
}

export interface SubmittedJob {
  job: IngestJob;
  /** Resolves with the final event (done or failed). */
  done: Promise<JobEvent>;
  cancel(): void;
}

export async function submitIngest(
  mesh: Mesh,
  req: IngestRequest,
  opts: { timeoutMs?: number; onEvent?: (e: JobEvent) => void } = {},
): Promise<SubmittedJob> {
  const job: IngestJob = {
    jobId: req.jobId ?? newJobId(req.source),
    source: req.source,
    ...(req.file ? { file: resolve(req.file) } : {}),
    ...(req.url ? { url: req.url } : {}),
    requestedAt: new Date().toISOString(),
  };
  const parsed = messages.ingestJob.codec.decode(messages.ingestJob.codec.encode(job)); // validate before sending

  // Subscribe before publishing: JetStream subjects are also delivered to core subscribers.
  const sub = mesh.nc.subscribe(mesh.contract.subjects.jobEvents(job.jobId));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const done = new Promise<JobEvent>((resolvePromise, reject) => {
    if (opts.timeoutMs) {
      timer = setTimeout(() => {
        sub.unsubscribe();
        reject(new IngestWaitTimeoutError(`job ${job.jobId} did not finish within ${opts.timeoutMs} ms`));
      }, opts.timeoutMs);
    }
    (async () => {
      for await (const msg of sub) {
        let ev: JobEvent;
        try {
          ev = decodeMessage(messages.jobEvent, msg).value;
        } catch {
          continue;
        }
        opts.onEvent?.(ev);
        if (ev.state === "done" || ev.state === "failed") {
          clearTimeout(timer);
          sub.unsubscribe();
          resolvePromise(ev);
          return;
        }
      }
    })().catch(reject);
  });
  await mesh.nc.flush();
  await publish(mesh, mesh.contract.subjects.ingestJobs, messages.ingestJob, parsed, { id: job.jobId, correlationId: job.jobId });
  return {
    job,
    done,
    cancel() {
      clearTimeout(timer);
      sub.unsubscribe();
    },
  };
}
