// Cost of the current CDC indicators in the exposure-risk worker, on the real CDC
// files stored in a throwaway Postgres database: loading the weekly series (start and after each
// weekly ingest), loading them as known on a past day (first `date=` query of that day), and the
// risk answer with and without `current`. Run: `bun bench/currentIndicators.ts`.
import { join } from "node:path";
import { runAdapter } from "../pipelines/testSupport.ts";
import { HOSP_CSV, HOSP_VINTAGES, NSSP, runWeeklyAdapter, TIME_SERIES } from "../pipelines/weeklyTestSupport.ts";
import { createPostgresStorage } from "../sql/mod.ts";
import { createTempDatabase } from "../sql/testSupport.ts";
import { answerRiskQuery } from "../workers/exposure-risk/answer.ts";
import { loadWeeklyAsOf, loadWeeklyData, probeSinglePublications } from "../workers/exposure-risk/current/weeklyData.ts";
import { computeCurrentClusters } from "../workers/exposure-risk/current/currentClusters.ts";
import { dayOfIso } from "../domain/mod.ts";
import { buildSnapshot } from "../workers/exposure-risk/snapshot.ts";
import { fakeStorage } from "../workers/exposure-risk/testSupport.ts";

const SHARED = process.env.SHARED_DATA ?? "/work/shared/data";
const ms = (t0: number) => Math.round(performance.now() - t0);

const db = await createTempDatabase("covidmesh_bench_current");
const storage = createPostgresStorage(db.url);
try {
  await storage.migrate();
  const lookup = await runAdapter("jhu-lookup", { file: join(SHARED, "jhu_csse/UID_ISO_FIPS_LookUp_Table.csv.gz") });
  await storage.applyRegions("bench-lookup", 0, lookup.regions);
  const inputs: Array<[string, Awaited<ReturnType<typeof runWeeklyAdapter>>]> = [
    ["nssp-ed-visits", await runWeeklyAdapter("nssp-ed-visits", { file: NSSP })],
    ["covidhub-hosp", await runWeeklyAdapter("covidhub-hosp", { file: HOSP_CSV }, { publishedDay: dayOfIso("2025-12-31") })],
    ["covidhub-hosp", await runWeeklyAdapter("covidhub-hosp-vintages", { file: HOSP_VINTAGES })],
    ["covidhub-time-series", await runWeeklyAdapter("covidhub-time-series", { file: TIME_SERIES })],
  ];
  let seq = 0;
  for (const [source, out] of inputs) {
    for (const ev of out.events) if (ev.kind === "weekly") await storage.applyWeekly(`bench-${source}`, seq++, source, ev.columns);
  }
  console.log(`stored weekly rows: ${await storage.countWeekly()}`);

  const timesLatest: number[] = [];
  let latest = await loadWeeklyData(storage);
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    latest = await loadWeeklyData(storage);
    timesLatest.push(ms(t0));
  }
  console.log(
    `loadWeeklyData (ED + 2 admission series, ${latest.ed.series.regionId.length + latest.hosp.reduce((s, h) => s + h.series.regionId.length, 0)} rows): ${timesLatest.join(", ")} ms`,
  );
  const nothingBy = new Map<string, number>();
  const tp = performance.now();
  await probeSinglePublications(storage, latest, nothingBy);
  console.log(`probe of single-publication sources (after each reload, in the background): ${ms(tp)} ms, skips ${[...nothingBy.keys()].join(", ") || "none"}`);
  for (const d of ["2025-06-14", "2025-11-22", "2025-03-01", "2026-01-10"]) {
    const t0 = performance.now();
    await loadWeeklyAsOf(storage, latest, dayOfIso(d), undefined, nothingBy);
    console.log(`loadWeeklyAsOf ${d}: ${ms(t0)} ms`);
  }

  const regions = await storage.listRegions();
  const snapshot = await buildSnapshot(fakeStorage(regions, {}), []);
  const t1 = performance.now();
  const clusters = computeCurrentClusters(latest, snapshot.regions, "bench");
  console.log(`current clusters: ${clusters?.run.regionId.length} counties, k=${clusters?.run.k}, ${ms(t1)} ms`);

  // Points at the centroids of US counties: the answer with current (weekly-only, no daily data loaded).
  const points = regions.filter((r) => r.level === "county" && r.iso3 === "USA" && r.lat !== null && r.lon !== null).slice(0, 2000);
  let answered = 0;
  const t2 = performance.now();
  for (const p of points) {
    try {
      const a = answerRiskQuery(snapshot, { lat: p.lat!, lon: p.lon!, groupSize: 10 }, 5, latest);
      if (a.current.edVisits || a.current.hospitalAdmissions) answered++;
    } catch {
      // a centroid outside every boundary: not counted
    }
  }
  const perQuery = (performance.now() - t2) / points.length;
  console.log(`answerRiskQuery with current: ${points.length} county centroids, ${answered} with a current part, ${(perQuery * 1000).toFixed(0)} µs per answer`);
} finally {
  await storage.close();
  await db.drop();
}
