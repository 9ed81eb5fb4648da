// `npm start` with external servers (NATS_URL and DATABASE_URL given): nothing embedded starts,
// exposure-risk gets its own child process, the DATA_DIR lock still holds, and /readyz stays
// 503 on an empty database until data is ingested and a risk query is answered.
import { afterAll, expect } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createTempDatabase, type TempDatabase } from "../sql/testSupport.ts";
import { testWithPostgres } from "../sql/testSupport.ts";
import { silentLogger } from "../mesh/logger.ts";
import { launch, type Launched } from "./commands/start.ts";
import { lockPath } from "./dataDirLock.ts";
import { submitIngest } from "./ingestClient.ts";
import { testConfig } from "./testSupport.ts";

const SAMPLE = join(import.meta.dir, "../sample");
let db: TempDatabase | undefined;
let launched: Launched | undefined;
let config: ReturnType<typeof testConfig> | undefined;

afterAll(async () => {
  if (launched) {
    // The machine's NATS: leave none of this run's streams behind.
    for (const spec of Object.values(launched.client.contract.streams)) await launched.client.jsm.streams.delete(spec.name).catch(() => {});
  }
  await launched?.stop();
  await db?.drop();
  config?.cleanup();
});

testWithPostgres(
  "with NATS_URL and DATABASE_URL: three service processes, /readyz 503 until a risk query is answered",
  async () => {
    db = await createTempDatabase("covidmesh_start");
    config = testConfig({ DATABASE_URL: db.url, REQUEST_TIMEOUT_MS: "30000" });
    const printed: string[] = [];
    launched = await launch(config, silentLogger, { env: config.env, print: (l) => printed.push(l) });
    expect(existsSync(join(config.dataDir, "nats"))).toBe(false); // nothing embedded
    expect(existsSync(lockPath(config.dataDir))).toBe(true);
    expect(launched.supervisor.children.map((c) => c.name).sort()).toEqual(["covid-data", "exposure-risk", "storage"]);

    // Empty database: the workers come up and answer health, but no snapshot has data.
    const deadline = Date.now() + 300_000;
    let body: { checks: { database: { ok: boolean }; risk: { ok: boolean } } } | undefined;
    while (Date.now() < deadline) {
      const r = await fetch(`${launched.url}/readyz`);
      expect(r.status).toBe(503);
      body = (await r.json()) as typeof body;
      // A risk worker without data does not join the query group (queryMembership.ts): the risk
      // check then finds no responder, or a worker that reports no regions.
      if (body!.checks.database.ok) break;
      await Bun.sleep(250);
    }
    expect(body!.checks.risk).toMatchObject({ ok: false });
    expect((await fetch(`${launched.url}/v1/risk?lat=40.7128&lon=-74.006`)).status).toBe(503);
    expect(printed).toEqual([]);

    // The region lookup and the JHU sample's cases: then ready, and the query is answered.
    for (const [source, file] of [
      ["jhu-lookup", "UID_ISO_FIPS_LookUp_Table.csv.gz"],
      ["jhu-us-cases", "jhu_confirmed_US_sample.csv.gz"],
    ]) {
      const ev = await (await submitIngest(launched.client, { source, file: join(SAMPLE, file) }, { timeoutMs: 300_000 })).done;
      expect(ev.state).toBe("done");
    }
    await launched.ready;
    expect(printed).toHaveLength(1);
    expect((await fetch(`${launched.url}/readyz`)).status).toBe(200);
    const res = await fetch(`${launched.url}/v1/risk?lat=40.7128&lon=-74.006`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { region: { id: number } }).region.id).toBe(84036061);
  },
  900_000,
);
