// The page's only way to the system: the public REST API of this gateway. Errors arrive as
// RFC 9457 problems and are thrown as ApiError with their detail.
import type { Clusters, Forecast, RegionSearchResult, RiskAnswer, Timeseries, WeeklyHistory } from "./types.ts";

export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function get<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: { accept: "application/json" } });
  if (!res.ok) {
    let detail = res.statusText;
    try {
      const problem = (await res.json()) as { title?: string; detail?: string };
      detail = problem.detail ?? problem.title ?? detail;
    } catch {
      // not a problem document: keep the status text
    }
    throw new ApiError(res.status, detail);
  }
  return (await res.json()) as T;
}

export const api = {
  risk: (lat: number, lon: number, groupSize: number) => get<RiskAnswer>(`/v1/risk?lat=${lat.toFixed(5)}&lon=${lon.toFixed(5)}&groupSize=${groupSize}`),
  search: (q: string) => get<RegionSearchResult>(`/v1/regions?q=${encodeURIComponent(q)}&limit=8`),
  timeseries: (id: number, from?: string) => get<Timeseries>(`/v1/regions/${id}/timeseries${from ? `?from=${from}` : ""}`),
  forecast: (id: number) => get<Forecast>(`/v1/regions/${id}/forecast`),
  clusters: (run: "historical" | "current" = "historical") => get<Clusters>(`/v1/clusters${run === "current" ? "?run=current" : ""}`),
  weekly: (id: number, from?: string) => get<WeeklyHistory>(`/v1/regions/${id}/weekly${from ? `?from=${from}` : ""}`),
};
