// The run's own servers: started when asked (TEST_SERVERS=own skips the probes of the machine's),
// usable (JetStream answers, Postgres takes a database), and gone afterwards, also when the test
// process is killed outright (the watchdog). TEST_PG_BIN=none plays a machine without Postgres.
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { connect } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import postgres from "postgres";
import { TestServerError } from "./errors.ts";
import { findPostgresBin } from "./postgresBinaries.ts";
import { hostPort, isListening } from "./probe.ts";
import { testServers } from "./testServers.ts";

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("findPostgresBin", () => {
  test("TEST_PG_BIN=none is a machine without Postgres; a directory without initdb is an error", () => {
    expect(findPostgresBin("none")).toBeUndefined();
    expect(() => findPostgresBin("/nonexistent")).toThrow(TestServerError);
  });
});

describe("the run's own servers", () => {
  const pgBin = findPostgresBin();
  test.skipIf(!pgBin)(
    "nats-server with JetStream and an initdb Postgres start, serve, and are removed by stop()",
    async () => {
      const servers = testServers({ own: true });
      const got = await servers.resolve();
      const runDir = servers.runDir()!;
      try {
        expect(got.summary).toMatch(/^test servers: started nats-server -js on nats:\/\/127\.0\.0\.1:\d+; started postgres \d+/);
        expect(got.natsUrl).not.toBe("nats://127.0.0.1:4222");
        const nc = await connect({ servers: got.natsUrl });
        try {
          expect((await (await jetstreamManager(nc)).getAccountInfo()).streams).toBe(0);
        } finally {
          await nc.close();
        }
        const sql = postgres(got.adminDatabaseUrl!, { max: 1, onnotice: () => {} });
        try {
          await sql.unsafe("create database own_servers_check");
          expect((await sql`select count(*)::int as n from pg_database where datname = 'own_servers_check'`)[0]!.n).toBe(1);
        } finally {
          await sql.end();
        }
      } finally {
        await servers.stop();
      }
      expect(existsSync(runDir)).toBe(false);
      for (const url of [got.natsUrl, got.adminDatabaseUrl!]) {
        const { host, port } = hostPort(url, 0);
        expect(await isListening(host, port)).toBe(false);
      }
    },
    60_000,
  );

  test("without Postgres binaries the run has no Postgres and says so", async () => {
    const servers = testServers({ own: true, pgBin: "none" });
    try {
      const got = await servers.resolve();
      expect(got.adminDatabaseUrl).toBeUndefined();
      expect(got.summary).toContain("no Postgres");
      expect(got.summary).toContain("PGlite");
    } finally {
      await servers.stop();
    }
  });

  test("no nats-server to start is a TestServerError that says what was tried, and nothing is left", async () => {
    const servers = testServers({ own: true, natsServerBinary: "/nonexistent/nats-server" });
    const err = await servers.resolve().catch((e) => e);
    expect(err).toBeInstanceOf(TestServerError);
    expect(err.message).toContain("TEST_NATS_URL is unset");
    expect(err.message).toContain("/nonexistent/nats-server");
    expect(existsSync(servers.runDir()!)).toBe(false);
  });

  test("TEST_* URLs are used as given: nothing is started", async () => {
    const servers = testServers({ natsUrl: "nats://10.9.9.9:4222", adminDatabaseUrl: "postgres://u:secret@10.9.9.9:5432/x" });
    const got = await servers.resolve();
    expect(got).toMatchObject({ natsUrl: "nats://10.9.9.9:4222", adminDatabaseUrl: "postgres://u:secret@10.9.9.9:5432/x" });
    expect(servers.runDir()).toBeUndefined();
    expect(got.summary).not.toContain("secret"); // the line may end up in CI logs
  });

  test("a test process killed outright leaves nothing behind: the watchdog stops its servers and removes the directory", async () => {
    const script = `
      import { testServers } from ${JSON.stringify(join(import.meta.dir, "testServers.ts"))};
      const s = testServers({ own: true, pgBin: "none" });
      await s.resolve();
      console.log(s.runDir());
      setInterval(() => {}, 1000);`;
    const child = Bun.spawn([process.execPath, "-e", script], { stdout: "pipe", stderr: "inherit" });
    const reader = child.stdout.getReader();
    const first = new TextDecoder().decode((await reader.read()).value).trim();
    const runDir = first.split("\n")[0]!;
    expect(existsSync(join(runDir, "nats"))).toBe(true);
    const pids = (await Bun.file(join(runDir, "pids")).text()).trim().split("\n").map(Number);
    expect(pids.length).toBe(1);
    expect(alive(pids[0]!)).toBe(true);
    child.kill("SIGKILL");
    await child.exited;
    const deadline = Date.now() + 15_000;
    while ((existsSync(runDir) || alive(pids[0]!)) && Date.now() < deadline) await Bun.sleep(200);
    expect(existsSync(runDir)).toBe(false);
    expect(alive(pids[0]!)).toBe(false);
  }, 30_000);
});
