// Where each source of the registry is published: the hosts a job of that source may fetch
// from by default. Configuration adds hosts (FETCH_ALLOWED_HOSTS, and the hosts of the URLs
// in SCHEDULES, POLLERS and LIVE_BASE_URL); nothing else is fetched.
const GITHUB_RAW = ["raw.githubusercontent.com", "media.githubusercontent.com"];

export const SOURCE_HOSTS: Readonly<Record<string, readonly string[]>> = {
  // JHU CSSE COVID-19 repository on GitHub.
  "jhu-lookup": GITHUB_RAW,
  "jhu-us-cases": GITHUB_RAW,
  "jhu-us-deaths": GITHUB_RAW,
  "jhu-global-cases": GITHUB_RAW,
  "jhu-global-deaths": GITHUB_RAW,
  // nytimes/covid-19-data on GitHub.
  "nyt-us-states": GITHUB_RAW,
  "nyt-us-counties": GITHUB_RAW,
  // ECDC open data portal.
  "ecdc-weekly": ["opendata.ecdc.europa.eu"],
  // Google's mobility reports (gstatic), Opportunity Insights' EconomicTracker on GitHub.
  "google-mobility": ["www.gstatic.com", ...GITHUB_RAW],
  "oi-mobility-state": GITHUB_RAW,
  // CDCgov/covid19-forecast-hub on GitHub; NSSP also on data.cdc.gov.
  "covidhub-hosp": GITHUB_RAW,
  "covidhub-hosp-vintages": GITHUB_RAW,
  "covidhub-time-series": GITHUB_RAW,
  "nssp-ed-visits": [...GITHUB_RAW, "data.cdc.gov"],
};

export function registryHostsOf(source: string): readonly string[] {
  return SOURCE_HOSTS[source] ?? [];
}
