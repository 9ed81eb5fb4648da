// Migrations 0002 and 0005 are hand-edited (observations from wide to one row per metric, then
// keyed by series id): check that they carry existing rows over. Applies the migrations before
// 0002, writes wide rows, then applies the rest.
import { afterAll, expect } from "bun:test";
import { cpSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { MIGRATIONS_FOLDER } from "./migrate.ts";
import { createPostgresStorage } from "./drivers/postgresJs.ts";
import { createTempDatabase } from "./testSupport.ts";
import { testWithPostgres } from "./testSupport.ts";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A copy of the migrations folder whose journal stops before `tag`. */
function migrationsBefore(tag: string): string {
  const dir = mkdtempSync(join(tmpdir(), "covidmesh-mig-"));
  dirs.push(dir);
  cpSync(MIGRATIONS_FOLDER, dir, { recursive: true });
  const journal = JSON.parse(readFileSync(join(dir, "meta/_journal.json"), "utf8"));
  const at = journal.entries.findIndex((e: { tag: string }) => e.tag === tag);
  journal.entries = journal.entries.slice(0, at);
  writeFileSync(join(dir, "meta/_journal.json"), JSON.stringify(journal));
  return dir;
}

// drizzle's postgres-js migrator on a real server: skipped only on a run without Postgres.
testWithPostgres("0002_observations_by_metric and 0005_observation_series keep every stored value", async () => {
  const db = await createTempDatabase("covidmesh_mig");
  const client = postgres(db.url, { max: 1, onnotice: () => {} });
  try {
    await migrate(drizzle(client), { migrationsFolder: migrationsBefore("0002_observations_by_metric") });
    await client`
      insert into observations (region_id, source, day, cum_cases, new_cases, cum_deaths, new_deaths, revision) values
        (1, 'jhu-us', '2020-03-01', 10, 2, 1, 0, 3),
        (1, 'jhu-us', '2020-03-02', 12, 2, null, null, 0),
        (2, 'jhu-us', '2020-03-01', null, null, 5, 1, 1),
        (3, 'nyt-us', '2020-03-01', null, null, null, null, 0)`;
    await client.end();

    const storage = createPostgresStorage(db.url);
    try {
      await storage.migrate();
      const day = Date.parse("2020-03-01T00:00:00Z") / 86_400_000;
      expect(await storage.getObservation(1, "jhu-us", day)).toEqual({ cumCases: 10, newCases: 2, cumDeaths: 1, newDeaths: 0, revision: 3 });
      expect(await storage.getObservation(1, "jhu-us", day + 1)).toEqual({ cumCases: 12, newCases: 2, cumDeaths: null, newDeaths: null, revision: 0 });
      expect(await storage.getObservation(2, "jhu-us", day)).toEqual({ cumCases: null, newCases: null, cumDeaths: 5, newDeaths: 1, revision: 1 });
      // A row with no value at all still exists afterwards (as an empty cases row).
      expect(await storage.getObservation(3, "nyt-us", day)).toEqual({ cumCases: null, newCases: null, cumDeaths: null, newDeaths: null, revision: 0 });
      expect(await storage.countObservations()).toBe(4);
      expect(await storage.countObservations("jhu-us")).toBe(3);
      // New batches find the series the migration created.
      await storage.applyObservations("after-migration", 0, "jhu-us", { regionId: Int32Array.of(1), day: Int32Array.of(day + 2), cumCases: Float64Array.of(15) });
      expect(await storage.loadObservationSeries("jhu-us")).toMatchObject({ day: Int32Array.of(day, day + 1, day + 2, day) });
    } finally {
      await storage.close();
    }
  } finally {
    await client.end().catch(() => {});
    await db.drop();
  }
});
