// Public API of the reports worker: pushed case reports → observation batches.
export { startReportsWorker, REPORTS_DATASET, type ReportsWorker, type ReportsWorkerOptions } from "./main.ts";
