// Public API of the persistence worker: data messages → storage, exactly once per (job, seq).
export { startPersistenceWorker, type PersistenceWorker, type PersistenceWorkerOptions } from "./main.ts";
