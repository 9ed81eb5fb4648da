// The test's machines: each a (nearly) privileged container running its own Docker daemon (Docker in
// Docker), on two networks the test creates: `private` (the hosts' private addresses: NATS
// routes, Postgres replication; internal, no way out) and `public` (where the gateway is
// reached, and the route out for builds: npm registry and Debian). A host's /var/lib/docker is
// a cache folder of this machine's, so images and build cache survive between runs; its
// containers, networks and volumes do not (removed at start and at teardown).
import { cpSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { docker, run, type RunResult } from "./sh.ts";
import { ComposeTestError } from "./errors.ts";

export const LABEL = "covid-compose-test";
export const NETWORKS = {
  private: { name: "cmt-private", subnet: "10.231.0.0/24", prefix: "10.231.0." },
  public: { name: "cmt-public", subnet: "10.232.0.0/24", prefix: "10.232.0." },
} as const;
export const HOST_CACHE = "/var/lib/covid-compose/hosts";
export const REPO_IN_HOST = "/srv/covid-mesh";

/** Our stand-ins (deploy/compose-test/images) and the official names they stand in for, only on the test hosts. */
export const STAND_INS = {
  nats: "nats:2.15-alpine",
  postgres: "postgres:15-alpine",
  socat: "alpine/socat:latest",
  bun: "oven/bun:1-slim",
} as const;
type StandIn = keyof typeof STAND_INS;

export type HostName = "a" | "b" | "witness" | "solo";
const OCTET: Record<HostName, number> = { a: 11, b: 12, witness: 13, solo: 14 };
const NEEDS: Record<HostName, StandIn[]> = {
  a: ["nats", "postgres", "bun"],
  b: ["nats", "postgres", "socat", "bun"],
  witness: ["nats"],
  solo: ["nats", "postgres", "bun"],
};

/** The machine's resolver (builds on the hosts reach the registries through it). */
function machineDns(): string | undefined {
  const m = readFileSync("/etc/resolv.conf", "utf8").match(/^nameserver\s+(\S+)/m);
  return m && !m[1]!.startsWith("127.") ? m[1] : undefined;
}

export class TestHost {
  readonly container: string;
  readonly privateAddr: string;
  readonly publicAddr: string;
  readonly dir: string;

  constructor(
    readonly name: HostName,
    runDir: string,
  ) {
    this.container = `cmt-${name}`;
    this.privateAddr = NETWORKS.private.prefix + OCTET[name];
    this.publicAddr = NETWORKS.public.prefix + OCTET[name];
    this.dir = join(runDir, name);
  }

  get gatewayUrl(): string {
    return `http://${this.publicAddr}:8080`;
  }

  /** A shell command in the host's repository checkout, as an operator on that machine. */
  sh(cmd: string, opts: { allowFail?: boolean; timeoutMs?: number; input?: string } = {}): Promise<RunResult> {
    return docker(["exec", ...(opts.input !== undefined ? ["-i"] : []), "-w", REPO_IN_HOST, this.container, "sh", "-c", cmd], opts);
  }

  compose(args: string, opts: { allowFail?: boolean; timeoutMs?: number } = {}): Promise<RunResult> {
    return this.sh(`docker compose ${args}`, opts);
  }

  /** Copies the repository's files (git's view: what a clone has) to the host's checkout. */
  async checkout(root: string): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    const files = (await run(["git", "-C", root, "ls-files", "-co", "--exclude-standard", "-z"])).stdout.split("\0").filter(Boolean);
    for (const f of files) {
      try {
        cpSync(join(root, f), join(this.dir, f), { preserveTimestamps: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err; // deleted, not yet committed
      }
    }
  }

  async start(): Promise<void> {
    const cache = join(HOST_CACHE, this.name);
    mkdirSync(cache, { recursive: true });
    const dns = machineDns();
    await docker(["rm", "-f", this.container], { allowFail: true });
    await docker([
      "run",
      "-d",
      "--name",
      this.container,
      "--hostname",
      `host-${this.name}`,
      "--label",
      LABEL,
      // What --privileged gives a Docker-in-Docker host, minus CAP_SYS_RESOURCE: this machine's
      // bounding set lacks it, so --privileged itself fails here ("unable to apply caps").
      "--cap-add",
      "ALL",
      "--cap-drop",
      "SYS_RESOURCE",
      "--security-opt",
      "seccomp=unconfined",
      "--security-opt",
      "apparmor=unconfined",
      "--security-opt",
      "systempaths=unconfined",
      "-v",
      "/sys/fs/cgroup:/sys/fs/cgroup",
      "--network",
      NETWORKS.public.name,
      "--ip",
      this.publicAddr,
      ...(dns ? ["-e", `HOST_DNS=${dns}`] : []),
      "--tmpfs",
      "/run",
      "-v",
      `${cache}:/var/lib/docker`,
      "-v",
      `${this.dir}:${REPO_IN_HOST}`,
      "covid-compose/host:latest",
    ]);
    await docker(["network", "connect", "--ip", this.privateAddr, NETWORKS.private.name, this.container]);
    await this.waitDaemon();
    // Leftovers of an earlier run that could not tear down (its cache folder keeps them).
    await this.sh("docker ps -aq | xargs -r docker rm -f -v >/dev/null; docker volume prune -f >/dev/null; docker network prune -f >/dev/null");
  }

  async waitDaemon(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if ((await docker(["exec", this.container, "docker", "info"], { allowFail: true })).code === 0) return;
      await Bun.sleep(500);
    }
    throw new ComposeTestError(`host ${this.name}: its Docker daemon did not start`);
  }

  /** Loads the stand-ins this host needs, tagged with the official names; skips what it has. */
  async loadImages(): Promise<void> {
    const missing: StandIn[] = [];
    for (const s of NEEDS[this.name]) {
      const want = (await docker(["image", "inspect", "-f", "{{.Id}}", `covid-compose/${s}:latest`])).stdout.trim();
      const have = (await this.sh(`docker image inspect -f '{{.Id}}' ${STAND_INS[s]}`, { allowFail: true })).stdout.trim();
      if (have !== want) missing.push(s);
    }
    if (missing.length === 0) return;
    const names = missing.map((s) => `covid-compose/${s}:latest`).join(" ");
    await run(["sh", "-c", `docker save ${names} | docker exec -i ${this.container} docker load`]);
    for (const s of missing) await this.sh(`docker tag covid-compose/${s}:latest ${STAND_INS[s]}`);
  }

  /** Host crash: every process of the machine dies at once (its daemon, containerd, containers). */
  async kill(): Promise<number> {
    const at = Date.now();
    await docker(["kill", this.container]);
    return at;
  }

  /** The machine boots again: its daemon starts and restarts the containers (restart: unless-stopped). */
  async boot(): Promise<void> {
    await docker(["start", this.container]);
    await this.waitDaemon();
  }

  /** Removes what this host ran (containers, networks, volumes), then the host; never throws. */
  async teardown(): Promise<void> {
    await this.sh(
      "docker compose down -v --remove-orphans -t 2 >/dev/null 2>&1; docker ps -aq | xargs -r docker rm -f -v >/dev/null; docker volume prune -f >/dev/null; docker network prune -f >/dev/null",
      { allowFail: true, timeoutMs: 120_000 },
    ).catch(() => {});
    await docker(["rm", "-f", "-v", this.container], { allowFail: true }).catch(() => {});
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export async function createNetworks(): Promise<void> {
  await removeNetworks();
  await docker(["network", "create", "--label", LABEL, "--internal", "--subnet", NETWORKS.private.subnet, NETWORKS.private.name]);
  await docker(["network", "create", "--label", LABEL, "--subnet", NETWORKS.public.subnet, NETWORKS.public.name]);
}

export async function removeNetworks(): Promise<void> {
  for (const n of Object.values(NETWORKS)) await docker(["network", "rm", n.name], { allowFail: true });
}
