// Rows stored before storage checked the date window (a report dated 0001-01-01) must not reach
// the dense per-day arrays the risk worker builds from a loaded series: the loads skip them.
import { expect } from "bun:test";
import postgres from "postgres";
import { createPostgresStorage } from "./drivers/postgresJs.ts";
import { createTempDatabase, testWithPostgres } from "./testSupport.ts";

testWithPostgres("series loads skip days outside the date window that older versions stored", async () => {
  const db = await createTempDatabase("covidmesh_window");
  const storage = createPostgresStorage(db.url);
  const client = postgres(db.url, { max: 1, onnotice: () => {} });
  try {
    await storage.migrate();
    const day = Date.parse("2021-03-01T00:00:00Z") / 86_400_000;
    await storage.applyObservations("job", 0, "reports", { regionId: Int32Array.of(7), day: Int32Array.of(day), cumCases: Float64Array.of(10) });
    await storage.applyMobility("job", 1, "mob", { regionId: Int32Array.of(7), day: Int32Array.of(day), parks: Float64Array.of(3) });
    // What an older version let through, written behind storage's back.
    await client`insert into observations (series_id, region_id, day, cum_value, new_value)
      select series_id, region_id, date '0001-01-01', 1, 1 from observations where region_id = 7`;
    await client`insert into social_activity (source, region_id, day, parks)
      select source, region_id, date '2999-01-01', 1 from social_activity where region_id = 7`;
    expect(await storage.countObservations("reports")).toBe(2);
    const obs = await storage.loadObservationSeries("reports");
    expect([...obs.day]).toEqual([day]);
    expect([...obs.cumCases]).toEqual([10]);
    const mob = await storage.loadMobilitySeries("mob");
    expect([...mob.day]).toEqual([day]);
  } finally {
    await client.end();
    await storage.close();
    await db.drop();
  }
});
