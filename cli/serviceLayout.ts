// Which services `npm start` runs in which child process. Every service that opens storage must
// share the process that owns an embedded PGlite (it is single-process); with Postgres the risk
// pool gets its own process, so its recompute and the writes of an ingest never share a thread.
// covid-data (parsing) is always alone. The gateway stays in the start process, whose event loop
// then does nothing but HTTP and supervision.
//
// Priorities: a child that only ingests (parsing; storing, when the risk pool is not in it) runs
// at a lower OS priority (nice INGEST_NICE). On a machine with few cores an ingest is CPU-bound
// for minutes and competes with the path that answers (gateway, NATS, risk pool); niced, it gets
// the cores the answering path leaves idle, so the answers' latency holds while it runs, and on an
// idle machine it is as fast as before (nice only orders competing work). The child that holds the
// risk pool is never niced: with PGlite that is the storage child, which also stores.
import type { Config } from "./config.ts";
import { schedulesOf } from "./ingestionConfig.ts";
import { allPollersOf } from "./liveMode.ts";
import type { Service } from "./commands/serve.ts";

export interface ProcessGroup {
  name: string;
  services: Service[];
  /** Ingests the bundled sample (if the database lacks it) before starting the scheduler. */
  sampleFirst: boolean;
  /** OS niceness the child runs at (0: the start process's own). */
  nice: number;
}

/** Niceness of the children that only ingest (see above); 10 leaves them about a tenth of a contended core. */
export const INGEST_NICE = 10;

export function serviceLayout(config: Config): ProcessGroup[] {
  const scheduling = schedulesOf(config).length + allPollersOf(config).length > 0;
  const embedded = !config.DATABASE_URL;
  const storage: Service[] = ["persistence", ...(embedded ? (["exposure-risk"] as const) : []), "reports", "social-activity", ...(scheduling ? (["scheduler"] as const) : [])];
  return [
    { name: "storage", services: storage, sampleFirst: true, nice: embedded ? 0 : INGEST_NICE },
    ...(embedded ? [] : [{ name: "exposure-risk", services: ["exposure-risk" as const], sampleFirst: false, nice: 0 }]),
    { name: "covid-data", services: ["covid-data"], sampleFirst: false, nice: INGEST_NICE },
  ];
}
