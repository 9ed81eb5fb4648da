// The mesh's answer schemas as named OpenAPI components: the document describes exactly what
// the workers are checked to send.
import { z } from "@hono/zod-openapi";
import { problem, problemSchema } from "./problemSchema.ts";
import {
  clustersSchema,
  forecastSchema,
  hospForecastSchema,
  regionDetailSchema,
  regionSearchResultSchema,
  riskAnswerSchema,
  timeseriesSchema,
  weeklyHistorySchema,
} from "../domain/mod.ts";

// zod's own `.meta({ id })`: the mesh schemas may be built before @hono/zod-openapi adds
// `.openapi()` to zod, and zod 4 copies methods onto each schema when it is created.
export const RiskAnswer = riskAnswerSchema.meta({ id: "RiskAnswer" });
export const RegionSearchResult = regionSearchResultSchema.meta({ id: "RegionSearchResult" });
export const RegionDetail = regionDetailSchema.meta({ id: "RegionDetail" });
export const Timeseries = timeseriesSchema.meta({ id: "Timeseries" });
export const Forecast = forecastSchema.meta({ id: "Forecast" });
export const HospForecast = hospForecastSchema.meta({ id: "HospForecast" });
export const Clusters = clustersSchema.meta({ id: "Clusters" });
export const WeeklyHistory = weeklyHistorySchema.meta({ id: "WeeklyHistory" });

export const RiskBatchResponse = z
  .object({
    results: z.array(z.union([z.object({ answer: RiskAnswer }), z.object({ error: problemSchema })])),
  })
  .openapi("RiskBatchResponse");

/** Error answers shared by every /v1 route (each route adds its own 404 etc.). */
export const commonErrors = {
  400: problem("Bad parameters: `errors` lists each one"),
  429: problem("Rate limit exceeded; Retry-After says when to retry"),
  503: problem("The mesh did not answer within the request deadline; Retry-After says when to retry"),
} as const;

export const notFound = (what: string) => ({ 404: problem(what) });
export const notModified = { 304: { description: "Not modified: the If-None-Match ETag is current" } } as const;

/** Response headers of answers that change once a day. */
export const cachingHeaders = z.object({
  ETag: z.string().openapi({ description: "Version of this answer; send it back in If-None-Match" }),
  "Cache-Control": z.string().openapi({ example: "public, max-age=3600" }),
  "X-Cache": z.enum(["hit", "miss"]).openapi({ description: "Whether the gateway's edge cache answered" }),
});

/** A pre-serialized response (from the edge cache) in a typed route: its schema is documented above. */
export const untyped = (res: Response): never => res as never;
