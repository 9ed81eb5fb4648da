// Each machine's compose configuration (compose.yaml + compose.host-a.yaml, compose.yaml +
// compose.host-b.yaml, compose.witness.yaml), with the .env deploy/gen-env.sh writes for it,
// validates against the Compose Specification JSON schema, and keeps the deployment's rules:
// no default secret, only the gateway published to the world, services on the internal network.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import {
  ComposeInterpolationError,
  composeValidator,
  interpolateString,
  loadComposeConfig,
  parseComposeFile,
  parseEnvFile,
  referencedVariables,
  type ComposeFile,
  type ComposeService,
  type ComposeValidator,
  type Env,
} from "./mod.ts";
import { SERVICES } from "../../cli/commands/serve.ts";
import { APP_SERVICES } from "../harness/types.ts";
import { NATS_USERS, passwordVar, type NatsUser } from "../nats/permissions.ts";

const ROOT = join(import.meta.dir, "../..");
const ADDR = { "host-a": "10.0.0.1", "host-b": "10.0.0.2", witness: "10.0.0.3" } as const;
type Role = keyof typeof ADDR;
const ROLES = Object.keys(ADDR) as Role[];
/** Every service of `covid-mesh serve` runs on both hosts, in compose and in the harness. */
const APP: readonly string[] = SERVICES;
const TLS_DIR = join(tmpdir(), `covidmesh-tls-${crypto.randomUUID()}`);

function genEnv(...args: string[]): string {
  // Certificates go to a temporary folder, not the checkout's ./tls.
  const p = Bun.spawnSync(["sh", join(ROOT, "deploy/gen-env.sh"), ...args], { cwd: ROOT, env: { ...process.env, TLS_DIR: TLS_DIR } });
  if (p.exitCode !== 0) throw new Error(`gen-env.sh ${args.join(" ")} failed: ${p.stderr.toString()}`);
  return p.stdout.toString();
}

let validate: ComposeValidator;
const envs = {} as Record<Role, Env>;
const configs = {} as Record<Role, ComposeFile>;
const filesOf = (role: Role) => envs[role].COMPOSE_FILE!.split(":").map((f) => join(ROOT, f));

afterAll(() => rmSync(TLS_DIR, { recursive: true, force: true }));

beforeAll(() => {
  validate = composeValidator();
  const secretsFile = join(tmpdir(), `covidmesh-secrets-${crypto.randomUUID()}`);
  writeFileSync(secretsFile, genEnv("secrets"), { mode: 0o600 });
  try {
    for (const role of ROLES) {
      envs[role] = parseEnvFile(genEnv(role, secretsFile, ADDR["host-a"], ADDR["host-b"], ADDR.witness));
      configs[role] = loadComposeConfig(filesOf(role), envs[role]);
    }
  } finally {
    rmSync(secretsFile, { force: true });
  }
}, 60_000); // openssl makes a key and a certificate per machine

const services = (role: Role) => Object.entries(configs[role].services ?? {}) as Array<[string, ComposeService]>;
const networksOf = (s: ComposeService) => (Array.isArray(s.networks) ? s.networks : Object.keys(s.networks ?? {}));
const envOf = (s: ComposeService) => (Array.isArray(s.environment) ? {} : (s.environment ?? {})) as Record<string, unknown>;

describe("compose interpolation", () => {
  test("defaults, required variables and $$ behave as in compose", () => {
    const env = { A: "1", EMPTY: "" };
    expect(interpolateString("${A}-${B:-two}-${EMPTY:-three}-${EMPTY-four}-$$A-$A", env)).toBe("1-two-three--$A-1");
    expect(interpolateString("${A:+set}${B:+unset}", env)).toBe("set");
    expect(() => interpolateString("${SECRET:?set SECRET}", env, "x")).toThrow(ComposeInterpolationError);
    expect(() => interpolateString("${SECRET:?set SECRET}", env, "x")).toThrow(/SECRET.*set SECRET/);
    expect(referencedVariables("${A:?x} ${B:-y} $C").required).toEqual(new Set(["A"]));
  });
});

describe("each machine's compose configuration", () => {
  for (const role of ROLES) {
    test(`${role}: validates against the Compose Specification schema, file by file and combined`, () => {
      expect(validate(configs[role])).toEqual([]);
      for (const file of filesOf(role)) expect(validate(loadComposeConfig([file], envs[role]))).toEqual([]);
    });
  }

  test("the validator does reject a broken configuration", () => {
    const broken = structuredClone(configs["host-a"]);
    broken.services!.gateway!.ports = ["eighty:80"];
    (broken.services!.nats as Record<string, unknown>).restart_policy = "always";
    const issues = validate(broken);
    expect(issues.some((i) => i.path === "/services/gateway/ports/0")).toBe(true);
    expect(issues.some((i) => i.message.includes("restart_policy"))).toBe(true);
  });

  test("no secret has a default: without the .env, compose stops and names the variable", () => {
    for (const role of ROLES) {
      const withoutSecrets = Object.fromEntries(Object.entries(envs[role]).filter(([k]) => !/PASSWORD|SALT/.test(k)));
      expect(() => loadComposeConfig(filesOf(role), withoutSecrets)).toThrow(/required variable [A-Z_]+ is missing.*: run deploy\/gen-env\.sh/);
      // Each secret alone: every one the machine's files name is required.
      const text = filesOf(role)
        .map((f) => readFileSync(f, "utf8"))
        .join("\n");
      for (const key of Object.keys(envs[role]).filter((k) => /PASSWORD|SALT/.test(k) && text.includes(`\${${k}`))) {
        const { [key]: _gone, ...without } = envs[role];
        expect(() => loadComposeConfig(filesOf(role), without)).toThrow(new RegExp(`required variable ${key} is missing`));
      }
    }
    for (const file of ["compose.yaml", "compose.host-a.yaml", "compose.host-b.yaml", "compose.witness.yaml"]) {
      const text = readFileSync(join(ROOT, file), "utf8");
      // Every password is a required variable, never a literal (in env entries and in URLs).
      for (const m of text.matchAll(/^\s*[A-Z_]*PASSWORD:\s*(.*)$/gm)) expect(m[1]).toMatch(/^\$\{[A-Z_]+(:\?[^}]*)?\}$/);
      for (const m of text.matchAll(/:\/\/([^\s"@/]+)@/g)) expect(m[1]).toMatch(/^\$\{[A-Z_]+[^}]*\}:\$\{[A-Z_]+[^}]*\}$/);
      expect(referencedVariables(text).required.size).toBeGreaterThan(0);
    }
  });

  test("ports: only the gateway is published to the world; the rest only on the machine's private address", () => {
    for (const role of ROLES) {
      for (const [name, s] of services(role)) {
        for (const p of s.ports ?? []) {
          const spec = String(p);
          if (name === "gateway") expect(spec).toBe("0.0.0.0:8080:8080");
          else expect(spec.startsWith(`${ADDR[role]}:`)).toBe(true);
        }
      }
      const published = services(role)
        .filter(([, s]) => (s.ports ?? []).length > 0)
        .map(([n]) => n)
        .sort();
      expect(published).toEqual({ "host-a": ["gateway", "nats", "postgres"], "host-b": ["gateway", "nats"], witness: ["nats"] }[role]);
    }
  });

  test("the services run non-root on the internal network, which has no way out of the host", () => {
    for (const role of ["host-a", "host-b"] as const) {
      expect(configs[role].networks?.internal).toMatchObject({ internal: true });
      for (const [name, s] of services(role)) {
        if (APP.includes(name)) {
          expect(s.user).toBe("bun");
          expect(networksOf(s)).toContain("internal");
          expect(networksOf(s).filter((n) => n !== "internal")).toEqual(name === "gateway" ? ["public"] : []);
          expect(envOf(s).STREAM_REPLICAS).toBe("3");
        } else {
          expect(networksOf(s)).not.toContain("public");
        }
      }
    }
    const dockerfile = readFileSync(join(ROOT, "Dockerfile"), "utf8");
    expect(dockerfile).toMatch(/^USER bun$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*deploy\/healthcheck\.ts/m);
  });

  test("the image holds every package the CLI imports (a missing COPY only shows as an unhealthy container)", async () => {
    const dockerfile = readFileSync(join(ROOT, "Dockerfile"), "utf8");
    const copied = new Set([...dockerfile.matchAll(/^COPY (?!--from)(\S+) \.\/\S+$/gm)].map((m) => m[1]!));
    // Every top-level folder reached from cli/main.ts, by following its relative imports.
    const seen = new Set<string>();
    const folders = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      folders.add(file.slice(ROOT.length + 1).split("/")[0]!);
      for (const m of readFileSync(file, "utf8").matchAll(/^(?:import|export)[^;]*?from "(\.[^"]+\.ts)";/gms)) visit(resolve(dirname(file), m[1]!));
    };
    visit(join(ROOT, "cli/main.ts"));
    expect([...folders].filter((f) => !copied.has(f)).sort()).toEqual([]);
  });

  test("what the services wait for has a healthcheck, and every NATS node sets what nats.conf reads", () => {
    // nats.conf and the users.conf it includes (one password variable per user).
    const natsConf = ["nats.conf", "users.conf"].map((f) => readFileSync(join(ROOT, "deploy/nats", f), "utf8").replace(/#.*$/gm, "")).join("\n");
    const natsVars = [...new Set([...natsConf.matchAll(/\$(NATS_[A-Z_]+)/g)].map((m) => m[1]!))];
    expect(natsVars).toEqual(expect.arrayContaining(["NATS_GATEWAY_PASSWORD", "NATS_CLI_PASSWORD", "NATS_TLS_CERT", "NATS_MAX_FILE_STORE"]));
    const names = new Set<string>();
    for (const role of ROLES) {
      const all = Object.fromEntries(services(role));
      for (const [, s] of services(role)) {
        for (const dep of Object.keys((s.depends_on ?? {}) as Record<string, unknown>)) expect(all[dep]?.healthcheck).toBeDefined();
      }
      const nats = all.nats!;
      expect(Object.keys(envOf(nats)).sort()).toEqual(expect.arrayContaining(natsVars));
      const env = envOf(nats);
      names.add(String(env.NATS_SERVER_NAME));
      expect(env.NATS_CLUSTER_ADVERTISE).toBe(`${ADDR[role]}:6222`);
      // Routes to the two other machines, never to itself.
      const routes = String(env.NATS_ROUTES);
      for (const other of ROLES) expect(routes.includes(`@${ADDR[other]}:6222`)).toBe(other !== role);
    }
    expect([...names].sort()).toEqual(["host-a", "host-b", "witness"]);
  });

  test("host B writes to host A's primary and reads its own replica; host A is the primary", () => {
    const a = Object.fromEntries(services("host-a"));
    const b = Object.fromEntries(services("host-b"));
    expect(String(b["pg-primary"]!.command)).toContain(`TCP:${ADDR["host-a"]}:5432`);
    // After a promotion of B's replica, one variable sends B's writers to it.
    const promoted = loadComposeConfig(filesOf("host-b"), { ...envs["host-b"], PRIMARY_TARGET: "postgres:5432" });
    expect(String(promoted.services!["pg-primary"]!.command)).toContain("TCP:postgres:5432");
    expect(envOf(b.postgres!).PRIMARY_HOST).toBe(ADDR["host-a"]);
    expect(JSON.stringify(a.postgres!.networks)).toContain("pg-primary");
    for (const s of [a.persistence!, b.persistence!, a.reports!, b["social-activity"]!]) expect(String(envOf(s).DATABASE_URL)).toContain("@pg-primary:5432/");
    for (const svc of APP) expect([svc, Object.keys(a).includes(svc) && Object.keys(b).includes(svc)]).toEqual([svc, true]);
    expect([...APP_SERVICES].sort() as string[]).toEqual([...APP].sort());
    expect(parseComposeFile(join(ROOT, "compose.host-a.yaml")).services?.postgres?.volumes).toContain(
      "./deploy/postgres/primary-init.sh:/docker-entrypoint-initdb.d/10-replication.sh:ro",
    );
  });
});

describe("single-host quickstart (compose.yaml + compose.single.yaml)", () => {
  test("validates, keeps the secrets required, publishes only the gateway, and runs R1 streams", { timeout: 60_000 }, () => {
    const secretsFile = join(tmpdir(), `covidmesh-secrets-${crypto.randomUUID()}`);
    writeFileSync(secretsFile, genEnv("secrets"), { mode: 0o600 });
    let env: Env;
    try {
      env = parseEnvFile(genEnv("single", secretsFile));
    } finally {
      rmSync(secretsFile, { force: true });
    }
    expect(env.COMPOSE_FILE).toBe("compose.yaml:compose.single.yaml");
    const files = env.COMPOSE_FILE!.split(":").map((f) => join(ROOT, f));
    const config = loadComposeConfig(files, env);
    expect(validate(config)).toEqual([]);
    const all = Object.entries(config.services ?? {}) as Array<[string, ComposeService]>;
    expect(all.filter(([, s]) => (s.ports ?? []).length > 0).map(([n, s]) => [n, (s.ports ?? []).map(String)])).toEqual([["gateway", ["0.0.0.0:8080:8080"]]]);
    for (const [name, s] of all) if (APP.includes(name)) expect(envOf(s).STREAM_REPLICAS).toBe("1");
    for (const key of ["NATS_CLI_PASSWORD", "NATS_GATEWAY_PASSWORD", "POSTGRES_WRITER_PASSWORD", "POSTGRES_OWNER_PASSWORD"]) {
      const { [key]: _gone, ...withoutSecret } = env;
      expect(() => loadComposeConfig(files, withoutSecret)).toThrow(new RegExp(`required variable ${key} is missing`));
    }
    // The bundled sample is queued by the operator's NATS user (file jobs naming any path).
    expect(envOf(config.services!.sample!)).toMatchObject({ NATS_URL: "nats://nats:4222", NATS_USER: "cli", NATS_PASSWORD: env.NATS_CLI_PASSWORD });
    // One machine: no TLS between hosts, and the roles are created on the first start.
    expect(String(envOf(config.services!.persistence!).DATABASE_URL)).toEndWith("@pg-primary:5432/covidmesh");
    expect(config.services!.postgres!.volumes).toContain("./deploy/postgres/roles-init.sh:/docker-entrypoint-initdb.d/05-roles.sh:ro");
  });
});

describe("least privilege (docs/security.md)", () => {
  const STORAGE = ["persistence", "exposure-risk", "reports", "social-activity"];
  test("each service connects to NATS as its own user, with its own password, never one in the URL", () => {
    for (const role of ["host-a", "host-b"] as const) {
      for (const [name, s] of services(role)) {
        if (!APP.includes(name)) continue;
        const env = envOf(s);
        expect([name, env.NATS_URL]).toEqual([name, "nats://nats:4222"]);
        expect([name, env.NATS_USER]).toEqual([name, name]);
        expect([name, env.NATS_PASSWORD]).toEqual([name, envs[role][passwordVar(name as NatsUser)]]);
      }
    }
    // users.conf has exactly these users, and the operator's CLI.
    expect([...NATS_USERS].sort() as string[]).toEqual([...APP, "cli"].sort());
  });

  test("the gateway, covid-data and the scheduler have no database URL; the rest write as the writer role, only persistence migrates as the owner", () => {
    for (const role of ["host-a", "host-b"] as const) {
      for (const [name, s] of services(role)) {
        if (!APP.includes(name)) continue;
        const env = envOf(s);
        const dbVars = Object.keys(env).filter((k) => k.startsWith("DATABASE_") && k !== "DATABASE_MIGRATIONS");
        if (!STORAGE.includes(name)) {
          expect([name, dbVars]).toEqual([name, []]);
          continue;
        }
        expect(String(env.DATABASE_URL)).toStartWith(`postgres://covidmesh_writer:${envs[role].POSTGRES_WRITER_PASSWORD}@pg-primary:5432/`);
        expect([name, "DATABASE_OWNER_URL" in env]).toEqual([name, name === "persistence"]);
        if (name !== "persistence") expect([name, env.DATABASE_MIGRATIONS]).toEqual([name, "wait"]);
        // No service gets the image's superuser.
        for (const v of dbVars) expect(String(env[v])).not.toMatch(/^postgres:\/\/covidmesh:/);
      }
      const er = envOf(Object.fromEntries(services(role))["exposure-risk"]!);
      expect(String(er.DATABASE_REPLICA_URL)).toStartWith(`postgres://covidmesh_reader:${envs[role].POSTGRES_READER_PASSWORD}@postgres:5432/`);
      expect(String(envOf(Object.fromEntries(services(role)).persistence!).DATABASE_OWNER_URL)).toStartWith(`postgres://covidmesh_owner:${envs[role].POSTGRES_OWNER_PASSWORD}@`);
    }
  });

  test("between the hosts everything is TLS: Postgres verify-full with the CA, NATS routes with certificates, replication", () => {
    for (const role of ["host-a", "host-b"] as const) {
      const all = Object.fromEntries(services(role));
      for (const [name, s] of services(role)) {
        if (!APP.includes(name)) continue;
        const env = envOf(s);
        for (const v of Object.keys(env).filter((k) => k.startsWith("DATABASE_") && k.endsWith("_URL"))) expect(String(env[v])).toEndWith("/covidmesh?sslmode=verify-full");
        expect(env.NODE_EXTRA_CA_CERTS).toBe("/etc/covid-mesh/ca.crt");
        expect((s.volumes ?? []).map(String)).toContain("./tls/ca.crt:/etc/covid-mesh/ca.crt:ro");
      }
      expect(envOf(all.postgres!).PG_TLS_DIR).toBe("/etc/postgresql/tls");
      // Files, not the folder: ./tls is 0700 on the machine, which Postgres' own user could not enter.
      for (const f of ["ca.crt", "node.crt", "node.key"]) expect((all.postgres!.volumes ?? []).map(String)).toContain(`./tls/${f}:/etc/postgresql/tls/${f}:ro`);
    }
    for (const role of ROLES) {
      const nats = Object.fromEntries(services(role)).nats!;
      expect(envOf(nats)).toMatchObject({
        NATS_TLS_CERT: "/etc/nats/tls/node.crt",
        NATS_TLS_KEY: "/etc/nats/tls/node.key",
        NATS_TLS_CA: "/etc/nats/tls/ca.crt",
        NATS_MAX_FILE_STORE: "10G",
      });
      expect((nats.volumes ?? []).map(String)).toEqual(
        expect.arrayContaining(["./deploy/nats/users.conf:/etc/nats/users.conf:ro", ...["ca.crt", "node.crt", "node.key"].map((f) => `./tls/${f}:/etc/nats/tls/${f}:ro`)]),
      );
      for (const [name, s] of services(role)) for (const v of (s.volumes ?? []).map(String)) expect([name, v.startsWith("./tls:")]).toEqual([name, false]);
    }
    const natsConf = readFileSync(join(ROOT, "deploy/nats/nats.conf"), "utf8");
    expect(natsConf).toMatch(/cluster \{[\s\S]*tls \{[\s\S]*verify: true/);
    expect(natsConf).toContain("include ./users.conf");
    expect(readFileSync(join(ROOT, "deploy/postgres/primary-init.sh"), "utf8")).toContain("hostssl replication replicator");
    expect(readFileSync(join(ROOT, "deploy/postgres/replica-bootstrap.sh"), "utf8")).toContain("sslmode=verify-full");
  });

  test("the image never holds the machine's keys or secrets (.dockerignore), nor does git (.gitignore)", () => {
    const dockerignore = readFileSync(join(ROOT, ".dockerignore"), "utf8").split("\n");
    for (const p of ["tls", ".env", "covid-mesh.secrets"]) expect(dockerignore).toContain(p);
    const gitignore = readFileSync(join(ROOT, ".gitignore"), "utf8").split("\n");
    for (const p of ["tls/", "covid-mesh.secrets"]) expect(gitignore).toContain(p);
  });
});
