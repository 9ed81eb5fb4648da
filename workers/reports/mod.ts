// Public API of the reports worker: pushed case reports → observation batches.
export { startReportsWorker, type ReportsWorker, type ReportsWorkerOptions } from "./main.ts";
