// One NATS node of the cluster, run from deploy/nats/nats.conf (the file compose uses) with the
// node's differences in the environment.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { NATS_USERS, passwordVar } from "../nats/permissions.ts";
import { fileURLToPath } from "node:url";
import { ProcessExitedError } from "./errors.ts";
import { readLog, spawnManaged, type ManagedProcess } from "./managedProcess.ts";
import type { NatsNodeSpec, Secrets } from "./types.ts";
import { httpOk, waitUntil } from "./waitUntil.ts";

export const NATS_CONF = fileURLToPath(new URL("../nats/nats.conf", import.meta.url));

/** The environment deploy/nats/nats.conf reads. */
export function natsNodeEnv(spec: NatsNodeSpec, secrets: Secrets): Record<string, string> {
  const route = (peer: string) => `nats-route://${secrets.routeUser}:${secrets.routePassword}@${peer}`;
  return {
    NATS_SERVER_NAME: spec.name,
    NATS_LISTEN: `${spec.address}:${spec.clientPort}`,
    NATS_MONITOR_LISTEN: `${spec.address}:${spec.monitorPort}`,
    NATS_CLUSTER_LISTEN: `${spec.address}:${spec.clusterPort}`,
    NATS_CLUSTER_ADVERTISE: `${spec.address}:${spec.clusterPort}`,
    NATS_ROUTES: `[${spec.peers.map(route).join(", ")}]`,
    NATS_STORE_DIR: spec.storeDir,
    ...Object.fromEntries(NATS_USERS.map((u) => [passwordVar(u), secrets.natsPasswords[u] ?? ""])),
    NATS_ROUTE_USER: secrets.routeUser,
    NATS_ROUTE_PASSWORD: secrets.routePassword,
    NATS_MAX_FILE_STORE: "10G",
    NATS_TLS_CERT: join(spec.tlsDir, "node.crt"),
    NATS_TLS_KEY: join(spec.tlsDir, "node.key"),
    NATS_TLS_CA: join(spec.tlsDir, "ca.crt"),
  };
}

/** A client URL of the node as `user` (default: the operator's CLI user). */
export function natsClientUrl(spec: NatsNodeSpec, secrets: Secrets, user?: string): string {
  const name = user ?? secrets.natsUser;
  const password = user === undefined ? secrets.natsPassword : secrets.natsPasswords[user];
  return `nats://${name}:${password}@${spec.address}:${spec.clientPort}`;
}

export function startNatsNode(spec: NatsNodeSpec, secrets: Secrets): ManagedProcess {
  mkdirSync(spec.storeDir, { recursive: true });
  return spawnManaged({
    name: `nats-${spec.name}`,
    command: process.env.NATS_SERVER_BIN ?? "nats-server",
    args: ["-c", NATS_CONF],
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...natsNodeEnv(spec, secrets) },
    logFile: spec.logFile,
  });
}

/** /healthz answers 200 once the node serves clients and its JetStream is current. */
export function waitNatsHealthy(spec: NatsNodeSpec, proc: ManagedProcess, timeoutMs = 60_000): Promise<void> {
  return waitUntil(
    async () => {
      if (!proc.alive()) throw new ProcessExitedError(`nats node ${spec.name} exited:\n${readLog(spec.logFile)}`);
      return httpOk(`http://${spec.address}:${spec.monitorPort}/healthz`);
    },
    {
      what: `NATS node ${spec.name} healthy`,
      timeoutMs,
      intervalMs: 200,
    },
  );
}
