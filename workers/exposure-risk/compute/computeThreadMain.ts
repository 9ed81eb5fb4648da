// The recompute thread's side of computeThread.ts: computes the risk models of one request and
// posts them back. Nothing here answers queries, so it never yields for them.
import { setPriority } from "node:os";
import { computeRiskModels } from "./computeRiskModels.ts";
import { type ComputeReply, type ComputeRequest, packModels, unpackSeries } from "./computeThreadProtocol.ts";

declare const self: Worker;

/**
 * This thread's OS niceness. On Linux setpriority(0) applies to the calling thread only, so the
 * pool's thread (answers) keeps its priority while this one gets the CPU it leaves: on a
 * contended 2-core machine the recompute's minute of CPU would otherwise take an equal share
 * from the answering path. On an idle machine it runs as fast as before.
 */
export const RECOMPUTE_NICE = 10;
try {
  setPriority(RECOMPUTE_NICE);
} catch {
  // Not permitted or not supported here: the thread runs at the process's priority.
}

self.onmessage = async (ev: MessageEvent<ComputeRequest>) => {
  const { series, options, hold } = ev.data;
  let reply: ComputeReply;
  let transfer: ArrayBuffer[] = [];
  try {
    if (hold) while (Atomics.load(hold, 0) === 0) Atomics.wait(hold, 0, 0, 1_000);
    // One slice per second: the yields only serve this thread's own message handling.
    const models = await computeRiskModels(unpackSeries(series), { ...options, sliceMs: 1_000 });
    const packed = packModels(models);
    reply = { packed: packed.packed };
    transfer = packed.transfer;
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    reply = { error: { message: e.message, name: e.name, stack: e.stack } };
  }
  self.postMessage(reply, transfer);
};
