// Serves the read API of the risk pool over request/reply, all in the pool's queue group, each
// answered from the current snapshot. Every request is logged at debug with its correlation id.
import { serve, type Mesh, type MessageDef, type ServeContext, type Server } from "../../../mesh/mod.ts";
import { messages } from "../../../mesh/messages.ts";
import type { Logger } from "../../../mesh/logger.ts";
import { answerRiskQuery } from "../answer.ts";
import { listClusters } from "../clusters.ts";
import type { Snapshot } from "../snapshot.ts";
import { answerRiskBatch } from "./riskBatch.ts";
import { getRegion } from "./regionGet.ts";
import { searchRegions } from "./regionSearch.ts";
import { regionTimeseries } from "./timeseries.ts";
import { regionForecastAnswer } from "./forecast.ts";

export interface QueryHandlersOptions {
  mesh: Mesh;
  snapshot: () => Snapshot | null;
  ascertainment: number;
  logger: Logger;
}

export function serveQueries(opts: QueryHandlersOptions): Server[] {
  const { mesh, snapshot, logger } = opts;
  const s = mesh.contract.subjects;
  const queue = mesh.contract.queues.exposureRisk;

  function answer<Req, Res>(subject: string, request: MessageDef<Req>, response: MessageDef<Res>, handle: (q: Req) => Res): Server {
    return serve(mesh, subject, {
      queue,
      request,
      response,
      logger,
      handler: async (q: Req, ctx: ServeContext) => {
        if (logger.isLevelEnabled("debug")) logger.debug({ correlationId: ctx.envelope.correlationId, subject, from: ctx.envelope.source }, "query");
        return handle(q);
      },
    });
  }

  return [
    answer(s.riskQuery, messages.riskQuery, messages.riskAnswer, (q) => answerRiskQuery(snapshot(), q, opts.ascertainment)),
    answer(s.riskBatch, messages.riskBatchQuery, messages.riskBatchResult, (q) => answerRiskBatch(snapshot(), q, opts.ascertainment)),
    answer(s.regionSearch, messages.regionSearchQuery, messages.regionSearchResult, (q) => searchRegions(snapshot(), q)),
    answer(s.regionGet, messages.regionGetQuery, messages.regionDetail, (q) => getRegion(snapshot(), q.id)),
    answer(s.timeseries, messages.timeseriesQuery, messages.timeseries, (q) => regionTimeseries(snapshot(), q)),
    answer(s.forecastGet, messages.forecastQuery, messages.forecast, (q) => regionForecastAnswer(snapshot(), q.id)),
    answer(s.clustersList, messages.clustersQuery, messages.clusters, () => listClusters(snapshot())),
  ];
}
