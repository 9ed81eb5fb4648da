// bun test preload (bunfig.toml), run once per `bun test` process before any test file is
// loaded: settles which NATS and Postgres the run uses (testenv/testServers.ts), hands them to
// the test helpers through TEST_NATS_URL / TEST_ADMIN_DATABASE_URL (read at module load, hence
// here), says so in one line, and stops what it started after the last test or on a signal.
import { afterAll } from "bun:test";
import { testServers } from "./testServers.ts";

const servers = testServers({
  natsUrl: process.env.TEST_NATS_URL,
  adminDatabaseUrl: process.env.TEST_ADMIN_DATABASE_URL,
  own: process.env.TEST_SERVERS === "own",
  pgBin: process.env.TEST_PG_BIN,
  pgUser: process.env.TEST_PG_USER,
  natsServerBinary: process.env.NATS_SERVER_BIN,
});

// Registered before anything starts, so a signal during startup also cleans up. If stopping
// hangs, exit anyway: the watchdog (testenv/watchdog.ts) finishes the job.
for (const [sig, code] of [
  ["SIGINT", 130],
  ["SIGTERM", 143],
  ["SIGHUP", 129],
] as const) {
  process.once(sig, () => void Promise.race([servers.stop(), Bun.sleep(10_000)]).finally(() => process.exit(code)));
}

const resolved = await servers.resolve();
process.env.TEST_NATS_URL = resolved.natsUrl;
if (resolved.adminDatabaseUrl) process.env.TEST_ADMIN_DATABASE_URL = resolved.adminDatabaseUrl;
else process.env.TEST_POSTGRES = "absent";
console.error(resolved.summary);

afterAll(() => servers.stop());
