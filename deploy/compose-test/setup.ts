// The run's start and end: the test networks and machines (each with a copy of the repository and
// the stand-in images loaded), and their teardown however the run ends (COMPOSE_KEEP=1 keeps
// them); when a check failed, every machine's compose logs are kept first.
import { afterAll, beforeAll } from "bun:test";
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SHARED_DATA } from "../../cli/testSupport.ts";
import { FULL_CASES, host, ROOT, run, RUN_DIR, startedAt } from "./context.ts";
import { createNetworks, LABEL, removeNetworks } from "./hosts.ts";
import { docker } from "./sh.ts";

async function cleanLeftovers(): Promise<void> {
  const ids = (await docker(["ps", "-aq", "--filter", `label=${LABEL}`])).stdout.trim().split("\n").filter(Boolean);
  if (ids.length > 0) await docker(["rm", "-f", "-v", ...ids], { allowFail: true });
  await removeNetworks();
}

async function keepLogs(): Promise<void> {
  const dir = `/tmp/covid-compose-logs-${process.pid}`;
  mkdirSync(dir, { recursive: true });
  for (const h of Object.values(host)) {
    const r = await h.sh("docker compose logs --no-color --timestamps --tail 20000; docker ps -a", { allowFail: true, timeoutMs: 120_000 }).catch(() => null);
    if (r) writeFileSync(join(dir, `${h.name}.log`), r.stdout + r.stderr);
  }
  console.log(`logs of the failed run kept in ${dir}`);
}

export function registerSetupAndTeardown(): void {
  beforeAll(async () => {
    await cleanLeftovers();
    await createNetworks();
    for (const h of Object.values(host)) await h.checkout(ROOT);
    for (const h of [host.a, host.b]) {
      mkdirSync(join(h.dir, "ingest"), { recursive: true });
      copyFileSync(join(SHARED_DATA, "jhu_csse", FULL_CASES), join(h.dir, "ingest", FULL_CASES));
    }
    await Promise.all(Object.values(host).map((h) => h.start()));
    const loadT0 = Date.now();
    for (const h of Object.values(host)) await h.loadImages();
    run.report("setup", { hostsUpMs: loadT0 - startedAt, imagesLoadedMs: Date.now() - loadT0 });
  }, 600_000);

  afterAll(async () => {
    run.printAll();
    if (run.failed) await keepLogs();
    if (process.env.COMPOSE_KEEP === "1") return;
    await Promise.all(Object.values(host).map((h) => h.teardown()));
    await removeNetworks();
    rmSync(RUN_DIR, { recursive: true, force: true });
    console.log(`compose test wall time ${Math.round((Date.now() - startedAt) / 1000)} s`);
  }, 300_000);
}
