// covid.risk.regions.batch: the gateway's micro-batch of region queries. Each query is answered
// exactly as covid.risk.regions answers it alone (the same handler, so the same remembered
// frames), and fails alone: its error (what toRemoteErrorPayload would send back for it alone)
// takes its place in the reply, the others still get their frames. Results keep the queries'
// order. A query that names the frame its gateway holds (`known`, v2) and whose frame has that
// tag gets "unchanged": the frame's bytes do not travel again.
import {
  frameTagOf,
  toRemoteErrorPayload,
  type Logger,
  type ServeContext,
  type RiskFrame,
  type RiskFrameResult,
  type RiskRegionBatchQuery,
  type RiskRegionQuery,
} from "../../../mesh/mod.ts";

export function riskRegionsBatchHandler(
  one: (q: RiskRegionQuery) => Promise<RiskFrame>,
  logger: Logger,
  subject: string,
): (batch: RiskRegionBatchQuery, ctx?: ServeContext) => Promise<RiskFrameResult[]> {
  const settle = (q: RiskRegionBatchQuery["queries"][number]): Promise<RiskFrameResult> =>
    one(q).then(
      (frame) => (q.known !== undefined && frameTagOf(frame) === q.known ? { unchanged: true as const } : { frame }),
      (err) => {
        const error = toRemoteErrorPayload(err);
        if (error.code === "internal") logger.error({ err, subject, correlationId: q.correlationId }, "risk region query of a batch failed");
        return { error };
      },
    );
  return async (batch, ctx) => {
    if (logger.isLevelEnabled("debug")) {
      const from = ctx?.envelope.source;
      for (const q of batch.queries) logger.debug({ correlationId: q.correlationId ?? ctx?.envelope.correlationId, subject, from, batch: batch.queries.length }, "query");
    }
    return Promise.all(batch.queries.map(settle));
  };
}
