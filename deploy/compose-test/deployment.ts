// What the compose test reads off a running host: its containers (state, health, ports,
// security settings), the probe (deploy/compose-test/probe.ts, run inside the gateway
// container), psql in the Postgres container, and the NATS node's monitoring endpoint.
import type { TestHost } from "./hosts.ts";
import { docker } from "./sh.ts";
import { ComposeTestError } from "./errors.ts";

export interface ContainerInfo {
  name: string;
  service: string;
  running: boolean;
  /** healthy | unhealthy | starting | "" (no healthcheck). */
  health: string;
  startedAt: string;
  restartCount: number;
  exitCode: number;
  user: string;
  capDrop: string[];
  securityOpt: string[];
  /** Published ports, "hostIp:hostPort->containerPort". */
  ports: string[];
}

/** Every container on the host (inspected from its own daemon). */
export async function containers(host: TestHost): Promise<ContainerInfo[]> {
  const ids = (await host.sh("docker ps -aq")).stdout.trim().split("\n").filter(Boolean);
  if (ids.length === 0) return [];
  const raw = JSON.parse((await host.sh(`docker inspect ${ids.join(" ")}`)).stdout) as Array<Record<string, any>>;
  return raw.map((c) => {
    const ports: string[] = [];
    for (const [port, binds] of Object.entries((c.HostConfig?.PortBindings ?? {}) as Record<string, Array<{ HostIp: string; HostPort: string }> | null>)) {
      for (const b of binds ?? []) ports.push(`${b.HostIp || "0.0.0.0"}:${b.HostPort}->${port}`);
    }
    return {
      name: String(c.Name).replace(/^\//, ""),
      service: c.Config?.Labels?.["com.docker.compose.service"] ?? "",
      running: c.State?.Running === true,
      health: c.State?.Health?.Status ?? "",
      startedAt: c.State?.StartedAt ?? "",
      restartCount: c.RestartCount ?? 0,
      exitCode: c.State?.ExitCode ?? -1,
      user: c.Config?.User ?? "",
      capDrop: c.HostConfig?.CapDrop ?? [],
      securityOpt: c.HostConfig?.SecurityOpt ?? [],
      ports,
    };
  });
}

/** The compose container of a service (the first instance). */
export async function containerOf(host: TestHost, service: string): Promise<ContainerInfo> {
  const c = (await containers(host)).find((x) => x.service === service);
  if (!c) throw new ComposeTestError(`host ${host.name}: no container for service ${service}`);
  return c;
}

/**
 * Runs the probe in the host's gateway container, as the operator: the CLI's NATS user and the
 * reader role (the gateway itself has neither a database URL nor the right to queue file jobs).
 * The credentials come from the host's .env, for this one command. Parses its JSON line.
 */
export async function probe<T = unknown>(host: TestHost, ...args: string[]): Promise<T> {
  const reader = '-e DATABASE_URL="postgres://covidmesh_reader:$POSTGRES_READER_PASSWORD@pg-primary:5432/covidmesh$DATABASE_TLS"';
  const r = await asOperator(host, "gateway", `bun deploy/compose-test/probe.ts ${args.join(" ")}`, { env: reader, timeoutMs: 180_000 });
  const line = r.stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(line) as T;
}

/**
 * `docker compose exec` as the operator: the CLI's NATS user (the only one that may queue jobs
 * naming any file, and wait on their events), its password from the host's .env for this one
 * command; as the docs tell operators to run `covid-mesh ingest --file` in covid-data.
 */
export function asOperator(host: TestHost, service: string, command: string, opts: { env?: string; timeoutMs?: number } = {}) {
  return host.sh(`set -a && . ./.env && set +a && docker compose exec -T -e NATS_USER=cli -e NATS_PASSWORD="$NATS_CLI_PASSWORD" ${opts.env ?? ""} ${service} ${command}`, {
    timeoutMs: opts.timeoutMs ?? 180_000,
  });
}

/** Puts deploy/ (the probe and the harness helpers it uses) into the host's gateway container. */
export async function installProbe(host: TestHost): Promise<void> {
  await host.compose("cp deploy gateway:/app/");
}

export async function psql(host: TestHost, query: string): Promise<string> {
  const r = await host.compose(`exec -T postgres psql -U covidmesh -d covidmesh -tAc "${query.replace(/"/g, '\\"')}"`);
  return r.stdout.trim();
}

/** The host's NATS node monitoring (inside its container: the port is bound to 127.0.0.1 there). */
export async function natsMonitor<T = Record<string, unknown>>(host: TestHost, path: string): Promise<T> {
  const r = await host.compose(`exec -T nats wget -q -O - http://127.0.0.1:8222${path}`, { timeoutMs: 20_000 });
  return JSON.parse(r.stdout) as T;
}

/** Addresses of the other nodes this node has a route to (routez of nats-server 2.9 names no server; 2.10+ lists each connection of a route pool). */
export async function routeAddrs(host: TestHost): Promise<string[]> {
  const z = await natsMonitor<{ routes?: Array<{ ip?: string }> }>(host, "/routez");
  return (z.routes ?? []).map((r) => r.ip ?? "?");
}

/** Kills a service's main process inside its container, as a crash would (the restart policy applies). */
export async function crashService(host: TestHost, service: string): Promise<number> {
  const c = await containerOf(host, service);
  const pid = (await host.sh(`docker inspect -f '{{.State.Pid}}' ${c.name}`)).stdout.trim();
  const at = Date.now();
  // PID 1 of the container is docker-init (init: true); the service is its child.
  await host.sh(`kill -9 $(cat /proc/${pid}/task/${pid}/children)`);
  return at;
}

export async function waitHealthy(host: TestHost, timeoutMs: number): Promise<ContainerInfo[]> {
  const deadline = Date.now() + timeoutMs;
  let last: ContainerInfo[] = [];
  while (Date.now() < deadline) {
    last = await containers(host);
    const pending = last.filter((c) => c.service !== "" && (c.health === "starting" || c.health === "unhealthy" || (!c.running && c.service !== "sample")));
    if (last.length > 0 && pending.length === 0) return last;
    await Bun.sleep(2_000);
  }
  const bad = last.filter((c) => c.health !== "healthy" && c.health !== "").map((c) => `${c.name}:${c.running ? c.health : `exited ${c.exitCode}`}`);
  const logs = await host.compose("logs --tail 30", { allowFail: true });
  throw new ComposeTestError(`host ${host.name}: not healthy within ${timeoutMs} ms: ${bad.join(", ")}\n${logs.stdout.slice(-6000)}`);
}

export async function dockerLogsTail(host: TestHost, lines = 40): Promise<string> {
  return (await host.compose(`logs --no-color --tail ${lines}`, { allowFail: true })).stdout;
}

export { docker };
