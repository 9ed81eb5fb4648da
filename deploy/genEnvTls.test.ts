// deploy/gen-env.sh's private CA: `secrets` holds it, each role command writes that machine's
// certificate (./tls, TLS_DIR). openssl accepts each for server and client use, with the names
// and addresses the other machines dial (pg-primary for host B's relay, the private addresses
// for routes and replication), and a TLS client that trusts only the CA reaches "pg-primary".
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { connect as tlsConnect, createServer } from "node:tls";
import { tmpdir } from "node:os";
import { join } from "node:path";

const GEN_ENV = join(import.meta.dir, "gen-env.sh");
const dir = mkdtempSync(join(tmpdir(), "covidmesh-genenv-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ADDRS = ["10.1.0.1", "10.1.0.2", "10.1.0.3"];

function sh(args: string[], env: Record<string, string> = {}): { code: number; stdout: string; stderr: string } {
  const p = Bun.spawnSync(["sh", GEN_ENV, ...args], { cwd: dir, env: { ...process.env, ...env } });
  return { code: p.exitCode, stdout: p.stdout.toString(), stderr: p.stderr.toString() };
}

function openssl(args: string[]): string {
  const p = Bun.spawnSync(["openssl", ...args]);
  return `${p.stdout.toString()}${p.stderr.toString()}`;
}

test("each machine's certificate is signed by the CA of the secrets, for the names it is dialled by; keys stay out of .env", async () => {
  const secrets = sh(["secrets"]);
  expect(secrets.code).toBe(0);
  await Bun.write(join(dir, "covid-mesh.secrets"), secrets.stdout);
  const sans: Record<string, string[]> = {
    "host-a": ["DNS:host-a", "DNS:pg-primary", "DNS:postgres", "DNS:nats", `IP Address:${ADDRS[0]}`],
    "host-b": ["DNS:host-b", "DNS:postgres", "DNS:nats", `IP Address:${ADDRS[1]}`],
    witness: ["DNS:witness", "DNS:nats", `IP Address:${ADDRS[2]}`],
  };
  const cas = new Set<string>();
  for (const role of Object.keys(sans)) {
    const tls = join(dir, role);
    const env = sh([role, "covid-mesh.secrets", ...ADDRS], { TLS_DIR: tls });
    expect(env.stderr).toBe("");
    expect(env.code).toBe(0);
    expect(env.stdout).not.toMatch(/TLS_CA_KEY|PRIVATE KEY/);
    expect(env.stdout).toContain("DATABASE_TLS=?sslmode=verify-full");
    expect(statSync(tls).mode & 0o777).toBe(0o700);
    for (const purpose of ["sslserver", "sslclient"]) {
      expect(openssl(["verify", "-purpose", purpose, "-CAfile", join(tls, "ca.crt"), join(tls, "node.crt")]).trim()).toBe(`${join(tls, "node.crt")}: OK`);
    }
    const san = openssl(["x509", "-in", join(tls, "node.crt"), "-noout", "-ext", "subjectAltName"]);
    expect(san.split("\n")[1]!.trim().split(", ")).toEqual(sans[role]!);
    cas.add(readFileSync(join(tls, "ca.crt"), "utf8"));
  }
  expect(cas.size).toBe(1); // one CA for the three machines
  // A CA from another secrets file does not accept these certificates.
  const other = sh(["ca"]);
  await Bun.write(join(dir, "other.secrets"), other.stdout);
  sh(["host-b", "other.secrets", ...ADDRS], { TLS_DIR: join(dir, "other") });
  expect(openssl(["verify", "-CAfile", join(dir, "other", "ca.crt"), join(dir, "host-a", "node.crt")])).toMatch(/unable to get local issuer certificate|verification failed/);

  // Host B's services dial "pg-primary" (the relay to host A): host A's certificate answers to it.
  const a = join(dir, "host-a");
  const server = createServer({ key: readFileSync(join(a, "node.key")), cert: readFileSync(join(a, "node.crt")) }, (s) => s.end("ok"));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  const dial = (servername: string) =>
    new Promise<string>((resolve) => {
      const c = tlsConnect({ host: "127.0.0.1", port, servername, ca: readFileSync(join(a, "ca.crt")) }, () => c.once("data", (d) => resolve(`${d}`)));
      c.on("error", (err) => resolve(err.message));
    });
  expect(await dial("pg-primary")).toBe("ok");
  expect(await dial("elsewhere.example")).toMatch(/altnames|does not match/);
  server.close();
});

test("an older secrets file without a CA is refused with the command that adds one", async () => {
  await Bun.write(join(dir, "old.secrets"), "POSTGRES_PASSWORD=sabc\n");
  const r = sh(["host-a", "old.secrets", ...ADDRS], { TLS_DIR: join(dir, "old") });
  expect(r.code).toBe(2);
  expect(r.stderr).toContain("gen-env.sh ca >> old.secrets");
});
