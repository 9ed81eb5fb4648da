// Ingest jobs as a client of the mesh sees them, and the evidence the failover tests check:
// the job's events in JOB_EVENTS (how many times it ran, finished), dead letters, and the
// persistence consumer's delivery counters.
import type { MsgRequest } from "@nats-io/jetstream";
import { newJobId, submitIngest, type SubmittedJob } from "../../cli/ingestClient.ts";
import { isPlacementPending, type Mesh } from "../../mesh/mod.ts";
import { HarnessTimeoutError } from "./errors.ts";

export interface Submission {
  job: SubmittedJob;
  /** Publish attempts until JetStream stored the job (more than 1 while a leader is elected). */
  attempts: number;
  /** Epoch ms when the job was stored. */
  storedAt: number;
}

/**
 * Publishes an ingest job with a fixed id, retrying until JetStream stores it: a retried
 * publish carries the same Nats-Msg-Id, so it is stored once however often it is sent.
 */
export async function submitWithRetry(mesh: Mesh, source: string, file: string, opts: { withinMs?: number; waitMs?: number } = {}): Promise<Submission> {
  const jobId = newJobId(source);
  const deadline = Date.now() + (opts.withinMs ?? 60_000);
  for (let attempts = 1; ; attempts++) {
    try {
      const job = await submitIngest(mesh, { source, file, jobId }, { timeoutMs: opts.waitMs ?? 300_000 });
      return { job, attempts, storedAt: Date.now() };
    } catch (err) {
      if (Date.now() > deadline) throw new HarnessTimeoutError(`job ${jobId} could not be stored: ${(err as Error).message}`, { cause: err });
      await Bun.sleep(250);
    }
  }
}

/**
 * The states of every event of one job, in stream order (e.g. ["running", "done"]). A waiter
 * can see the final event on core NATS a moment before the stream's info counts it, so this
 * reads until a final state is stored or `withinMs` passes. A read that fails while the stream
 * has no leader is retried for up to `readWithinMs` (at least `withinMs`).
 */
export async function jobEventStates(mesh: Mesh, jobId: string, withinMs = 15_000, readWithinMs = 60_000): Promise<string[]> {
  const started = Date.now();
  const deadline = started + withinMs;
  const readDeadline = started + Math.max(withinMs, readWithinMs);
  for (;;) {
    let states: string[];
    try {
      states = await storedJobEventStates(mesh, jobId);
    } catch (err) {
      // Right after a node is lost or rejoins, the JetStream API can time out or answer
      // "temporarily unavailable" until the stream has a leader again: that says nothing about
      // the job's events, so read again within the deadline.
      if (!isPlacementPending(err) || Date.now() >= readDeadline) throw err;
      await Bun.sleep(500);
      continue;
    }
    const last = states.at(-1);
    if (last === "done" || last === "failed" || Date.now() >= deadline) return states;
    await Bun.sleep(250);
  }
}

/**
 * Reads the job's events one by one from the stream leader (STREAM.MSG.GET with next_by_subj),
 * creating no consumer: right after a host crashes, the meta leader still counts its node as
 * online for a while and may place a new consumer there, where its creation times out until the
 * node returns. A message get needs only the stream's own leader.
 */
async function storedJobEventStates(mesh: Mesh, jobId: string): Promise<string[]> {
  const stream = mesh.contract.streams.jobEvents.name;
  const subject = mesh.contract.subjects.jobEvents(jobId);
  const info = await mesh.jsm.streams.info(stream, { subjects_filter: subject });
  const count = info.state.subjects?.[subject] ?? 0;
  const states: string[] = [];
  let seq = info.state.first_seq;
  while (states.length < count) {
    // next_by_subj (server 2.9+) is missing from the client's MsgRequest type.
    const m = await mesh.jsm.streams.getMessage(stream, { seq, next_by_subj: subject } as unknown as MsgRequest);
    if (m === null) break; // expired since the info
    states.push(String((m.json() as { state?: unknown }).state));
    seq = m.seq + 1;
  }
  return states;
}

export async function deadLetterCount(mesh: Mesh): Promise<number> {
  return (await mesh.jsm.streams.info(mesh.contract.streams.deadLetters.name)).state.messages;
}

/** Deliveries the persistence consumer made so far, and messages it holds unacknowledged. */
export async function persistenceDeliveries(mesh: Mesh): Promise<{ delivered: number; ackPending: number; pending: number }> {
  const ci = await mesh.jsm.consumers.info(mesh.contract.streams.data.name, mesh.contract.consumers.persistence);
  return { delivered: ci.delivered.consumer_seq, ackPending: ci.num_ack_pending, pending: ci.num_pending };
}

export async function lastStreamSeq(mesh: Mesh, stream: string): Promise<number> {
  return (await mesh.jsm.streams.info(stream)).state.last_seq;
}
