// Which services `npm start` runs in which child process. Every service that opens storage must
// share the process that owns an embedded PGlite (it is single-process); with Postgres the risk
// pool gets its own process, so its recompute and the writes of an ingest never share a thread.
// covid-data (parsing) is always alone. The gateway stays in the start process, whose event loop
// then does nothing but HTTP and supervision.
import type { Config } from "./config.ts";
import { schedulesOf } from "./ingestionConfig.ts";
import { allPollersOf } from "./liveMode.ts";
import type { Service } from "./commands/serve.ts";

export interface ProcessGroup {
  name: string;
  services: Service[];
  /** Ingests the bundled sample (if the database lacks it) before starting the scheduler. */
  sampleFirst: boolean;
}

export function serviceLayout(config: Config): ProcessGroup[] {
  const scheduling = schedulesOf(config).length + allPollersOf(config).length > 0;
  const embedded = !config.DATABASE_URL;
  const storage: Service[] = ["persistence", ...(embedded ? (["exposure-risk"] as const) : []), "reports", "social-activity", ...(scheduling ? (["scheduler"] as const) : [])];
  return [
    { name: "storage", services: storage, sampleFirst: true },
    ...(embedded ? [] : [{ name: "exposure-risk", services: ["exposure-risk" as const], sampleFirst: false }]),
    { name: "covid-data", services: ["covid-data"], sampleFirst: false },
  ];
}
