// Public API of the covid-data worker: ingest jobs → source adapters → data messages.
export { startCovidDataWorker, type CovidDataWorkerOptions } from "./main.ts";
export { DEFAULT_JOB_DEADLINE_MS, type SourceAccessConfig } from "./sourceAccess.ts";
