// The API's answer types, shared with the server (type-only: nothing of the server is bundled).
export type { Clusters, Forecast, RegionSearchResult, RiskAnswer, Timeseries, WeeklyHistory } from "../../../domain/mod.ts";
