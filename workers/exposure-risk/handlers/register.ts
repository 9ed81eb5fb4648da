// Serves the read API of the risk pool over request/reply, all in the pool's queue group, each
// answered from the current snapshot (and the weekly CDC indicators for `current`, the weekly
// history and the current clusters). Every request is logged at debug with its correlation id.
import { type Logger, type Mesh, type MessageDef, serve, type ServeContext, type Server } from "../../../mesh/mod.ts";
import { dayOfIso, messages, type RiskQuery } from "../../../domain/mod.ts";
import { answerRiskQuery } from "../answer.ts";
import { listClusters } from "../clusters.ts";
import { listCurrentClusters } from "../current/currentClusterList.ts";
import type { CurrentState } from "../current/currentState.ts";
import type { WeeklyData } from "../current/weeklyData.ts";
import { weeklyHistory } from "../current/weeklyHistory.ts";
import { ServiceError } from "../../../domain/mod.ts";
import type { Snapshot } from "../snapshotTypes.ts";
import { answerRiskBatch } from "./riskBatch.ts";
import { riskRegionsHandler } from "./riskRegions.ts";
import { riskRegionsBatchHandler } from "./riskRegionsBatch.ts";
import { riskFrameBatchMessages, riskFrameMessages } from "../../../mesh/mod.ts";
import { getRegion } from "./regionGet.ts";
import { searchRegions } from "./regionSearch.ts";
import { regionTimeseries } from "./timeseries.ts";
import { regionForecastAnswer } from "./forecast.ts";
import type { HospForecastState } from "../current/hospForecasts.ts";
import { hospForecastAnswer, withHospForecast } from "./hospForecast.ts";
import { riskStatus } from "./status.ts";

export interface QueryHandlersOptions {
  mesh: Mesh;
  snapshot: () => Snapshot | null;
  ascertainment: number;
  logger: Logger;
  /** The weekly indicators; absent = `current` answers null everywhere. */
  current?: CurrentState | null;
  /** The hospital-admission forecasts; absent = the route answers 404 and risk answers carry none. */
  hospForecasts?: HospForecastState | null;
}

export function serveQueries(opts: QueryHandlersOptions): Server[] {
  const { mesh, snapshot, logger } = opts;
  const s = mesh.contract.subjects;
  const queue = mesh.contract.queues.exposureRisk;
  const current = opts.current ?? null;
  const hospRun = () => opts.hospForecasts?.latest() ?? null;

  function answer<Req, Res>(subject: string, request: MessageDef<Req>, response: MessageDef<Res>, handle: (q: Req) => Res | Promise<Res>): Server {
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

  /** The weekly data a query answers from: as stored now, or as known on its date. */
  const weeklyFor = async (date: string | undefined): Promise<WeeklyData | null> => {
    if (!current) return null;
    if (!date) return current.latest();
    try {
      return await current.forDay(dayOfIso(date));
    } catch (err) {
      throw new ServiceError("weekly_unavailable", `the weekly indicators as known on ${date} could not be loaded; try again shortly`, { cause: err });
    }
  };

  const weeklyByDate = async (queries: RiskQuery[]): Promise<Map<string, WeeklyData | null>> => {
    const dates = [...new Set(queries.map((q) => q.date ?? ""))];
    const data = await Promise.all(dates.map((d) => weeklyFor(d || undefined)));
    return new Map(dates.map((d, i) => [d, data[i]]));
  };

  // One handler (and its remembered frames) for the single and the batched region queries.
  const riskRegions = riskRegionsHandler({ snapshot, ascertainment: opts.ascertainment, weeklyFor, hospRun });

  return [
    answer(s.riskQuery, messages.riskQuery, messages.riskAnswer, async (q) =>
      withHospForecast(answerRiskQuery(snapshot(), q, opts.ascertainment, await weeklyFor(q.date)), hospRun()),
    ),
    // The gateway's path: regions located at the edge, the answer as a pre-serialized frame.
    answer(s.riskRegions, riskFrameMessages.riskRegionQuery, riskFrameMessages.riskFrame, riskRegions),
    // The gateway's micro-batches of the same queries: logged per query inside (debug).
    serve(mesh, s.riskRegionsBatch, {
      queue,
      request: riskFrameBatchMessages.riskRegionBatchQuery,
      response: riskFrameBatchMessages.riskFrameBatch,
      // A gateway of version 1 gets a version-1 reply (it never names a known frame: no kind 2).
      mirrorVersion: true,
      logger,
      handler: riskRegionsBatchHandler(riskRegions, logger, s.riskRegionsBatch),
    }),
    answer(s.riskBatch, messages.riskBatchQuery, messages.riskBatchResult, async (q) => {
      const weekly = await weeklyByDate(q.queries);
      const run = hospRun();
      const { results } = answerRiskBatch(snapshot(), q, opts.ascertainment, (query) => weekly.get(query.date ?? "") ?? null);
      return { results: results.map((r) => ("answer" in r ? { answer: withHospForecast(r.answer, run) } : r)) };
    }),
    answer(s.regionSearch, messages.regionSearchQuery, messages.regionSearchResult, (q) => searchRegions(snapshot(), q)),
    answer(s.regionGet, messages.regionGetQuery, messages.regionDetail, (q) => getRegion(snapshot(), q.id)),
    answer(s.timeseries, messages.timeseriesQuery, messages.timeseries, (q) => regionTimeseries(snapshot(), q)),
    answer(s.forecastGet, messages.forecastQuery, messages.forecast, (q) => regionForecastAnswer(snapshot(), q.id)),
    answer(s.hospForecastGet, messages.hospForecastQuery, messages.hospForecast, (q) => hospForecastAnswer(hospRun(), snapshot()?.regions ?? null, q)),
    answer(s.clustersList, messages.clustersQuery, messages.clusters, (q) => (q.run === "current" ? listCurrentClusters(current?.clusters() ?? null) : listClusters(snapshot()))),
    answer(s.weeklyGet, messages.weeklyQuery, messages.weeklyHistory, (q) => weeklyHistory(snapshot()?.regions ?? new Map(), current?.latest() ?? null, q)),
    answer(s.riskStatus, messages.riskStatusQuery, messages.riskStatus, () => riskStatus(snapshot())),
  ];
}
