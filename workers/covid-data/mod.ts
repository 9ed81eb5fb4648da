// Public API of the covid-data worker: ingest jobs → source adapters → data messages.
export { startCovidDataWorker, type CovidDataWorkerOptions } from "./main.ts";
