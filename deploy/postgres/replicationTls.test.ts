// Postgres between the hosts over TLS, with the scripts compose runs (primary-init.sh and
// replica-bootstrap.sh with PG_TLS_DIR) and the certificates deploy/gen-env.sh writes: the
// primary refuses plain TCP, the replica clones and streams over TLS checking the primary's
// certificate (verify-full), and a client trusting only the CA reaches the primary by a name
// in its certificate.
import { afterAll, expect, test } from "bun:test";
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { freePort } from "../../cli/localNats.ts";
import type { ManagedProcess } from "../harness/managedProcess.ts";
import { initPrimary, initReplica, PG_BIN } from "../harness/postgresNode.ts";
import type { PostgresSpec, Secrets } from "../harness/types.ts";

const GEN_ENV = join(import.meta.dir, "../gen-env.sh");
const HAS_PG = Bun.spawnSync(["sh", "-c", `command -v ${PG_BIN ? join(PG_BIN, "initdb") : "initdb"}`]).exitCode === 0;
const dir = mkdtempSync(join(tmpdir(), "covidmesh-pgtls-"));
chmodSync(dir, 0o755); // the postgres OS user reaches its data directories
const procs: ManagedProcess[] = [];
afterAll(async () => {
  for (const p of procs) p.signal("SIGINT", { tree: false });
  await Promise.all(procs.map((p) => p.exited));
  rmSync(dir, { recursive: true, force: true });
});

test.skipIf(!HAS_PG)(
  "replication over TLS (verify-full); plain TCP refused; clients verify the primary's name",
  async () => {
    const addrs = ["127.0.0.2", "127.0.0.3", "127.0.0.4"];
    const ca = Bun.spawnSync(["sh", GEN_ENV, "ca"]);
    await Bun.write(join(dir, "ca.secrets"), ca.stdout);
    const tlsOf = (role: string) => {
      const tlsDir = join(dir, role, "tls");
      const p = Bun.spawnSync(["sh", GEN_ENV, role, join(dir, "ca.secrets"), ...addrs], { env: { ...process.env, TLS_DIR: tlsDir } });
      expect(p.stderr.toString()).toBe("");
      chmodSync(tlsDir, 0o755); // compose mounts the files; here the postgres OS user reads them in place
      return tlsDir;
    };
    const secrets: Secrets = { natsUser: "", natsPassword: "", natsPasswords: {}, routeUser: "", routePassword: "", postgresPassword: "spg1", replicationPassword: "srepl1" };
    const spec = async (role: string, address: string): Promise<PostgresSpec> => ({
      address,
      port: await freePort(address),
      dataDir: join(dir, role, "pg", "data"),
      logFile: join(dir, role, "postgres.log"),
      tlsDir: tlsOf(role),
    });
    const a = await spec("host-a", addrs[0]!);
    const b = await spec("host-b", addrs[1]!);
    procs.push(await initPrimary(a, secrets));
    procs.push(await initReplica(b, a, secrets));

    const url = (host: string, port: number, q: string) => `postgres://covidmesh:${secrets.postgresPassword}@${host}:${port}/covidmesh?${q}`;
    // Plain TCP: refused by the primary's first pg_hba line.
    const plain = postgres(url(a.address, a.port, "sslmode=disable"), { max: 1, onnotice: () => {} });
    await expect(plain`select 1`).rejects.toThrow(/no encryption|pg_hba/);
    await plain.end({ timeout: 1 });

    // The replica streams over TLS (the primary's view of its walsender).
    const caCert = readFileSync(join(a.tlsDir!, "ca.crt"));
    const primary = postgres(url(a.address, a.port, ""), { max: 1, onnotice: () => {}, ssl: { ca: caCert, rejectUnauthorized: true } });
    try {
      let rows: Array<{ ssl: boolean; state: string }> = [];
      for (let i = 0; i < 100 && rows.length === 0; i++) {
        rows = await primary<{ ssl: boolean; state: string }[]>`select s.ssl, r.state from pg_stat_replication r join pg_stat_ssl s using (pid)`;
        if (rows.length === 0) await Bun.sleep(100);
      }
      expect(rows).toEqual([{ ssl: true, state: "streaming" }]);
      const [me] = await primary<{ ssl: boolean }[]>`select ssl from pg_stat_ssl where pid = pg_backend_pid()`;
      expect(me!.ssl).toBe(true);
    } finally {
      await primary.end({ timeout: 1 });
    }
    expect(readFileSync(join(b.dataDir, "postgresql.auto.conf"), "utf8")).toContain("sslmode=verify-full");

    // A client that trusts only the CA and checks the name: host A's certificate names pg-primary
    // (host B's relay) and its private address, not host B's.
    const byName = (servername: string) => postgres(url(a.address, a.port, ""), { max: 1, onnotice: () => {}, ssl: { ca: caCert, servername, rejectUnauthorized: true } });
    for (const [name, ok] of [
      ["pg-primary", true],
      ["host-b", false],
    ] as const) {
      const c = byName(name);
      try {
        if (ok) expect((await c`select 1 as one`)[0]!.one).toBe(1);
        else await expect(c`select 1`).rejects.toThrow(/altnames|does not match/);
      } finally {
        await c.end({ timeout: 1 });
      }
    }
  },
  180_000,
);
