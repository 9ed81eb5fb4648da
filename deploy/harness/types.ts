// Shapes of the multi-host harness: two hosts (each on its own loopback address) and a witness.

export type HostId = "a" | "b";
export type NodeId = HostId | "witness";

/** Services of `covid-mesh serve`, one process each, as compose runs them on each host. */
export const APP_SERVICES = ["persistence", "covid-data", "exposure-risk", "gateway", "reports", "social-activity", "scheduler"] as const;
export type AppService = (typeof APP_SERVICES)[number];

export interface Secrets {
  /** The operator's NATS user (the CLI's), for the harness's own connections. */
  natsUser: string;
  natsPassword: string;
  /** Every NATS user's password (deploy/nats/users.conf): each service connects as itself. */
  natsPasswords: Record<string, string>;
  routeUser: string;
  routePassword: string;
  postgresPassword: string;
  replicationPassword: string;
}

export interface NatsNodeSpec {
  name: string;
  address: string;
  clientPort: number;
  clusterPort: number;
  monitorPort: number;
  storeDir: string;
  logFile: string;
  /** host:port of the other nodes' route listeners. */
  peers: string[];
  /** ca.crt, node.crt, node.key of this node (deploy/gen-env.sh): routes use mutual TLS. */
  tlsDir: string;
}

export interface PostgresSpec {
  address: string;
  port: number;
  dataDir: string;
  logFile: string;
  /** ca.crt, node.crt, node.key (deploy/gen-env.sh): TLS required, replication verify-full (PG_TLS_DIR). */
  tlsDir?: string;
}

export interface HostInfo {
  id: HostId;
  address: string;
  gatewayUrl: string;
  /** URL of this host's NATS node, with credentials. */
  natsUrl: string;
  /** This host's Postgres: the primary on A, the streaming replica on B. */
  postgresUrl: string;
}

/** When a host was killed: signals sent at `killedAt`, every process gone at `doneAt` (epoch ms). */
export interface KillReport {
  killedAt: number;
  doneAt: number;
  processes: string[];
}
