// The page's controller: a point comes from the browser's geolocation, a place search or a click
// on the map; the risk at that point fills the panel, and the chosen region's history and
// forecast fill the charts. Group size changes re-ask only for the risk.
import { api, ApiError } from "./api.ts";
import { byId } from "./dom.ts";
import { renderForecast } from "./forecastChart.ts";
import { renderHistory } from "./historyChart.ts";
import { renderMap, type RiskMap } from "./map.ts";
import { renderNowPanel } from "./nowPanel.ts";
import { renderRiskPanel } from "./riskPanel.ts";
import { renderWeeklyCharts } from "./weeklyCharts.ts";
import { wireSearch } from "./search.ts";
import type { RiskAnswer, Timeseries } from "./types.ts";

const state: { lat: number | null; lon: number | null; regionId: number | null; answer: RiskAnswer | null; history: Timeseries | null } = {
  lat: null,
  lon: null,
  regionId: null,
  answer: null,
  history: null,
};
let map: RiskMap | null = null;
let asking = 0;

const status = (text: string, error = false) => {
  const s = byId("status");
  s.textContent = text;
  s.classList.toggle("error", error);
};
const groupSize = () => Number(byId<HTMLSelectElement>("group-size").value);

async function ask(lat: number, lon: number, why: string): Promise<void> {
  state.lat = lat;
  state.lon = lon;
  const mine = ++asking;
  status(`Looking up the risk ${why}…`);
  try {
    const answer = await api.risk(lat, lon, groupSize());
    if (mine !== asking) return; // a newer point was picked meanwhile
    state.answer = answer;
    renderRiskPanel(byId("risk-panel"), answer);
    byId("risk-panel").hidden = false;
    renderNowPanel(byId("now-panel"), answer.current, answer.hospitalAdmissionsForecast ?? null);
    byId("now-panel").hidden = false;
    map?.mark(lat, lon, answer.region.id);
    status(`${answer.region.name}: data as of ${answer.asOf}.`);
    if (answer.region.id !== state.regionId) {
      state.regionId = answer.region.id;
      await showRegion(answer);
    }
  } catch (err) {
    if (mine !== asking) return;
    status(err instanceof ApiError ? `No answer (${err.status}): ${err.message}` : `No answer: ${(err as Error).message}`, true);
  }
}

async function showRegion(answer: RiskAnswer): Promise<void> {
  await Promise.all([showDaily(answer), showWeekly(answer)]);
}

/** Weekly CDC indicators of the region, the last year up to the newest week. */
async function showWeekly(answer: RiskAnswer): Promise<void> {
  const newest = [answer.current.edVisits?.weekEnding, answer.current.hospitalAdmissions?.weekEnding]
    .filter((w): w is string => !!w)
    .sort()
    .at(-1);
  const from = newest ? new Date(Date.parse(`${newest}T00:00:00Z`) - 364 * 86_400_000).toISOString().slice(0, 10) : undefined;
  try {
    renderWeeklyCharts(byId("weekly-ed-chart"), byId("weekly-hosp-chart"), await api.weekly(answer.region.id, from));
  } catch (err) {
    byId("weekly-ed-chart").textContent = `Weekly data unavailable: ${(err as Error).message}`;
    byId("weekly-hosp-chart").textContent = "";
  }
}

async function showDaily(answer: RiskAnswer): Promise<void> {
  const from = new Date(Date.parse(`${answer.asOf}T00:00:00Z`) - 180 * 86_400_000).toISOString().slice(0, 10);
  try {
    state.history = await api.timeseries(answer.region.id, from);
    renderHistory(byId("history-chart"), state.history);
  } catch (err) {
    state.history = null;
    byId("history-chart").textContent = `History unavailable: ${(err as Error).message}`;
  }
  const forecastHost = byId("forecast-chart");
  if (answer.forecast) renderForecast(forecastHost, answer.forecast, state.history);
  else forecastHost.textContent = "Not enough history to forecast this region.";
}

function locate(): void {
  if (!("geolocation" in navigator)) {
    status("This browser cannot share its location; type a place or click the map.", true);
    return;
  }
  status("Waiting for your location…");
  navigator.geolocation.getCurrentPosition(
    (pos) => void ask(pos.coords.latitude, pos.coords.longitude, "at your location"),
    (err) => status(`Location not shared (${err.message}); type a place or click the map.`, true),
    { enableHighAccuracy: false, timeout: 10_000, maximumAge: 600_000 },
  );
}

async function start(): Promise<void> {
  byId("locate").addEventListener("click", locate);
  byId("group-size").addEventListener("change", () => {
    if (state.lat !== null && state.lon !== null) void ask(state.lat, state.lon, "for the new group size");
  });
  wireSearch(byId<HTMLInputElement>("place"), byId("search-results"), (lat, lon, label) => void ask(lat, lon, `for ${label}`));
  // The current-indicator clusters when the weekly CDC data has them, else the historical ones.
  const current = await api.clusters("current").catch(() => null);
  const clusters = current && current.clusters.length > 0 ? current : await api.clusters().catch(() => null);
  if (clusters?.run === "current") byId("map-title").textContent = `Current clusters: CDC ED visits and admissions, week ending ${clusters.asOf}`;
  map = await renderMap(byId("map"), clusters, (lat, lon) => void ask(lat, lon, "at the point you clicked"));
  if (state.lat !== null && state.lon !== null) map.mark(state.lat, state.lon, state.regionId);
  // Ask for the location straight away only if it was granted before: never prompt unasked.
  const permission = await navigator.permissions?.query({ name: "geolocation" }).catch(() => null);
  if (permission?.state === "granted") locate();
  else status("Share your location, type a place, or click the map.");
  document.body.dataset.ready = "true";
}

void start();
