// Public API of the scheduler: cron schedules and change pollers that queue ingest jobs.
export { startScheduler, type Scheduler, type SchedulerOptions } from "./main.ts";
export type { PollerSpec, ScheduleSpec } from "./types.ts";
export type { PollOnceResult } from "./pollLoop.ts";
