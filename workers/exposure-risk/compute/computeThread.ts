// Runs the risk-model recompute (computeRiskModels) on a worker thread, so the thread that
// answers risk queries never does it: about a minute of CPU for the JHU US counties, which
// even in 20 ms slices held every answer of the worker behind a slice. The series are packed
// and transferred (computeThreadProtocol.ts); the models come back with their forecasts packed
// into transferred buffers, the rest by structured clone.
// One thread per recompute, ended when it is done: its heap (scratch, Rt workspaces) is
// returned at once, and the steady state holds no idle thread.
import type { RegionSeries } from "../snapshotTypes.ts";
import { type ComputeReply, type ComputeRequest, packSeries, type ThreadRecomputeOptions, unpackModels } from "./computeThreadProtocol.ts";
import type { RecomputeOptions, RiskModels } from "./types.ts";

export class RecomputeThreadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RecomputeThreadError";
  }
}

export interface ThreadComputeOptions {
  /** Test hook (see ComputeRequest.hold). */
  hold?: Int32Array;
}

/** computeRiskModels on a worker thread; `opts.signal` ends the thread (the promise rejects). */
export async function computeRiskModelsOffThread(series: Iterable<RegionSeries>, opts: RecomputeOptions, threadOpts: ThreadComputeOptions = {}): Promise<RiskModels> {
  const { signal, ...options } = opts;
  signal?.throwIfAborted();
  const { packed, transfer } = await packSeries(series);
  signal?.throwIfAborted();
  const worker = new Worker(new URL("./computeThreadMain.ts", import.meta.url).href);
  return new Promise<RiskModels>((resolve, reject) => {
    const done = () => {
      signal?.removeEventListener("abort", onAbort);
      worker.terminate();
    };
    const onAbort = () => {
      done();
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    worker.onmessage = (ev: MessageEvent<ComputeReply>) => {
      done();
      if ("packed" in ev.data) resolve(unpackModels(ev.data.packed));
      else reject(new RecomputeThreadError(`risk model recompute failed on its thread: ${ev.data.error.message}`, { cause: ev.data.error }));
    };
    worker.onerror = (ev) => {
      done();
      reject(new RecomputeThreadError(`the risk model recompute thread failed: ${ev.message}`));
    };
    const request: ComputeRequest = { series: packed, options: options satisfies ThreadRecomputeOptions, ...(threadOpts.hold ? { hold: threadOpts.hold } : {}) };
    worker.postMessage(request, transfer);
  });
}
