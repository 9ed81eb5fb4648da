// Public API of the exposure-risk worker: risk queries answered from an in-memory snapshot.
export { startExposureRiskWorker, type ExposureRiskWorker, type ExposureRiskWorkerOptions } from "./main.ts";
