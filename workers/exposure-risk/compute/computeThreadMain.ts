// The recompute thread's side of computeThread.ts: computes the risk models of one request and
// posts them back. Nothing here answers queries, so it never yields for them.
import { computeRiskModels } from "./computeRiskModels.ts";
import { type ComputeReply, type ComputeRequest, unpackSeries } from "./computeThreadProtocol.ts";

declare const self: Worker;

self.onmessage = async (ev: MessageEvent<ComputeRequest>) => {
  const { series, options, hold } = ev.data;
  let reply: ComputeReply;
  try {
    if (hold) while (Atomics.load(hold, 0) === 0) Atomics.wait(hold, 0, 0, 1_000);
    // One slice per second: the yields only serve this thread's own message handling.
    const models = await computeRiskModels(unpackSeries(series), { ...options, sliceMs: 1_000 });
    reply = { models };
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    reply = { error: { message: e.message, name: e.name, stack: e.stack } };
  }
  self.postMessage(reply);
};
