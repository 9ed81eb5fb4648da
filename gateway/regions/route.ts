import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { cachedJson, cachedText } from "../cache/cachedJson.ts";
import { meshContext, type GatewayEnv, type RouteDeps } from "../context.ts";
import {
  cachingHeaders,
  commonErrors,
  Forecast,
  HospForecast,
  notFound,
  notModified,
  RegionDetail,
  RegionSearchResult,
  Timeseries,
  untyped,
  WeeklyHistory,
} from "../openapiSchemas.ts";
import { forecastToHubCsv, HUB_CSV_TYPE, hubverseCsvOf } from "./hubCsv.ts";
import { forecastParams, regionIdParam, regionSearchParams, timeseriesParams } from "./schemas.ts";

const json = (description: string, schema: unknown) => ({
  200: { description, headers: cachingHeaders, content: { "application/json": { schema: schema as typeof RegionDetail } } },
});

const search = createRoute({
  method: "get",
  path: "/v1/regions",
  tags: ["regions"],
  summary: "Search regions by name or code",
  description:
    "Counties, states and countries whose name contains `q`, or whose FIPS, ISO2, ISO3 or UID equals it; exact codes first, then name prefixes, regions with data and larger populations first.",
  request: { query: regionSearchParams },
  responses: {
    200: { description: "Matching regions", headers: cachingHeaders, content: { "application/json": { schema: RegionSearchResult } } },
    ...notModified,
    ...commonErrors,
  },
});

const get = createRoute({
  method: "get",
  path: "/v1/regions/{id}",
  tags: ["regions"],
  summary: "One region",
  description: "The region, its parents (state, country) and the days its data covers.",
  request: { params: regionIdParam },
  responses: { ...json("The region", RegionDetail), ...notModified, ...commonErrors, ...notFound("No region with this id") },
});

const timeseries = createRoute({
  method: "get",
  path: "/v1/regions/{id}/timeseries",
  tags: ["regions"],
  summary: "History of metrics and levels",
  description:
    "Daily metrics (cases, caseDensity, weekly cases per 100k, Rt with its 90% interval, deaths) and Covid Act Now / CDC levels, column-wise: value i of every array belongs to days[i].",
  request: { params: regionIdParam, query: timeseriesParams },
  responses: {
    200: { description: "Daily history", headers: cachingHeaders, content: { "application/json": { schema: Timeseries } } },
    ...notModified,
    ...commonErrors,
    ...notFound("No region with this id, or no data in the range"),
  },
});

const forecast = createRoute({
  method: "get",
  path: "/v1/regions/{id}/forecast",
  tags: ["regions"],
  summary: "Quantile forecast: cases and deaths, or hospital admissions",
  description:
    "Default (`target=cases-deaths`): weekly incident cases and deaths 1–4 weeks ahead as 23 Forecast Hub quantiles; `format=hub-csv` gives the Forecast Hub submission CSV. " +
    "`target=wk-inc-covid-hosp`: weekly confirmed COVID-19 hospital admissions (NHSN; CDC COVID-19 Forecast Hub target `wk inc covid hosp`) for states, DC, Puerto Rico and the US, horizons −1…3 weeks after the Saturday reference date (the newest week in the data is the reference date − 7), 23 quantiles, recomputed after each NHSN publication (schema HospForecast); `format=hubverse` gives the hub's model-output CSV (reference_date,location,horizon,target,target_end_date,output_type,output_type_id,value; 5 horizons × 23 rows). Counties and other countries have no admission forecast: 404.",
  request: { params: regionIdParam, query: forecastParams },
  responses: {
    200: {
      description: "The forecast",
      headers: cachingHeaders,
      content: {
        "application/json": { schema: z.union([Forecast, HospForecast]) },
        "text/csv": { schema: { type: "string", example: "forecast_date,target,target_end_date,location,type,quantile,value" } },
      },
    },
    ...notModified,
    ...commonErrors,
    ...notFound("No region with this id, or not enough history to forecast; for wk-inc-covid-hosp: not a state, DC, PR or the US, or no admissions stored yet"),
  },
});

const weekly = createRoute({
  method: "get",
  path: "/v1/regions/{id}/weekly",
  tags: ["regions"],
  summary: "Weekly CDC indicators",
  description:
    "Weekly NSSP emergency-department visits (percent COVID-19, CDC level and trend) and NHSN hospital admissions (weekly, per 100k, CDC admission level), column-wise: value i of every array belongs to weeks[i] (the Saturday ending the week). ED visits are the region's own rows when it has any value, else its state's, else the nation's (`scope`); admissions are its state's (the US: national). A part is null when no source covers it.",
  request: { params: regionIdParam, query: timeseriesParams },
  responses: {
    200: { description: "Weekly history", headers: cachingHeaders, content: { "application/json": { schema: WeeklyHistory } } },
    ...notModified,
    ...commonErrors,
    ...notFound("No region with this id"),
  },
});

export function registerRegionRoutes(app: OpenAPIHono<GatewayEnv>, deps: RouteDeps): void {
  app.openapi(search, async (c) => {
    const { q, limit } = c.req.valid("query");
    return untyped(await cachedJson(c, deps.answers, `regions|${q.toLowerCase()}|${limit}`, () => c.var.mesh.searchRegions({ q, limit }, meshContext(c))));
  });

  app.openapi(get, async (c) => {
    const { id } = c.req.valid("param");
    return untyped(await cachedJson(c, deps.answers, `region|${id}`, () => c.var.mesh.region(id, meshContext(c))));
  });

  app.openapi(timeseries, async (c) => {
    const { id } = c.req.valid("param");
    const { from, to } = c.req.valid("query");
    const query = { id, ...(from ? { from } : {}), ...(to ? { to } : {}) };
    return untyped(await cachedJson(c, deps.answers, `timeseries|${id}|${from ?? ""}|${to ?? ""}`, () => c.var.mesh.timeseries(query, meshContext(c))));
  });

  app.openapi(weekly, async (c) => {
    const { id } = c.req.valid("param");
    const { from, to } = c.req.valid("query");
    const query = { id, ...(from ? { from } : {}), ...(to ? { to } : {}) };
    return untyped(await cachedJson(c, deps.answers, `weekly|${id}|${from ?? ""}|${to ?? ""}`, () => c.var.mesh.weekly(query, meshContext(c))));
  });

  app.openapi(forecast, async (c) => {
    const { id } = c.req.valid("param");
    const { format, target } = c.req.valid("query");
    if (target === "wk-inc-covid-hosp") {
      if (format === "hubverse") {
        const fetchCsv = () => c.var.mesh.hospForecast({ id, format: "hubverse" }, meshContext(c));
        return untyped(await cachedText(c, deps.answers, `hosp-forecast-csv|${id}`, fetchCsv, hubverseCsvOf, HUB_CSV_TYPE));
      }
      return untyped(await cachedJson(c, deps.answers, `hosp-forecast|${id}`, () => c.var.mesh.hospForecast({ id }, meshContext(c))));
    }
    const fetch = () => c.var.mesh.forecast(id, meshContext(c));
    if (format === "hub-csv") return untyped(await cachedText(c, deps.answers, `forecast-csv|${id}`, fetch, forecastToHubCsv, HUB_CSV_TYPE));
    return untyped(await cachedJson(c, deps.answers, `forecast|${id}`, fetch));
  });
}
