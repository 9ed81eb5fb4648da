// Public API of the multi-host harness: the two-host topology as processes on loopback
// addresses (topology.ts), load shaped like users behind a balancer (load.ts), and the
// job/stream evidence the failover tests check (jobs.ts). `bun deploy/harness/main.ts` runs it by hand.
export type { AppService, HostId, HostInfo, KillReport, NatsNodeSpec, NodeId, PostgresSpec, Secrets } from "./types.ts";
export { APP_SERVICES } from "./types.ts";
export { CommandFailedError, HarnessError, HarnessTimeoutError, ProcessExitedError } from "./errors.ts";
export { DEFAULT_ADDRESSES, startTopology, type Topology, type TopologyOptions } from "./topology.ts";
export { quantile, randomUsRiskPath, runLoad, type Attempt, type LoadOptions, type LoadResult } from "./load.ts";
export { deadLetterCount, jobEventStates, lastStreamSeq, persistenceDeliveries, submitWithRetry, type Submission } from "./jobs.ts";
export { replicationLag } from "./postgresNode.ts";
export { httpOk, tcpOpen, waitUntil } from "./waitUntil.ts";
