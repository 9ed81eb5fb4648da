// Pushed case reports on the real mesh and database: a report changes the /v1/risk answer of its
// region and is stored apart from JHU's figures; an unknown region is quarantined.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startTestSystem, type TestSystem } from "../../cli/testSupport.ts";
import type { JobRecord } from "../../domain/mod.ts";

const NYC = 84036061;
const MANHATTAN = "lat=40.7128&lon=-74.0060&groupSize=100";

let t: TestSystem;

beforeAll(async () => {
  t = await startTestSystem("reports", { load: "lookup+cases" });
});
afterAll(() => t?.stop());

describe("pushed reports", () => {
  test("a pushed report changes the /v1/risk answer for its region, and is stored apart from JHU's figures", async () => {
    await t.system.risk.rebuild();
    const before = (await (await t.api(`/v1/risk?${MANHATTAN}`)).json()) as any;
    expect(before.region.id).toBe(NYC);
    expect(before.asOf).toBe("2020-12-30");

    const report = { fips: "36061", date: "2020-12-31", cumulativeCases: before.metrics.cumulativeCases + 20_000, newCases: 20_000 };
    const t0 = performance.now();
    const res = await t.postJson("/v1/reports", { reports: [report, { fips: "99999", date: "2020-12-31", newCases: 1 }] });
    expect(res.status).toBe(202);
    const job = (await res.json()) as JobRecord;

    let after: any;
    for (;;) {
      after = await (await t.api(`/v1/risk?${MANHATTAN}`)).json();
      if (after.asOf === "2020-12-31" || performance.now() - t0 > 10_000) break;
      await Bun.sleep(10);
    }
    const ms = performance.now() - t0;
    console.log(`pushed report visible in /v1/risk after ${ms.toFixed(0)} ms`);
    expect(after.asOf).toBe("2020-12-31");
    expect(after.metrics.cumulativeCases).toBe(report.cumulativeCases);
    expect(after.dataset).toBe("jhu-us+reports");
    expect(after.eventRisk.probability).toBeGreaterThan(before.eventRisk.probability);

    const final = (await (await t.getWithKey(`/v1/jobs/${job.jobId}?wait=10`)).json()) as JobRecord;
    expect(final).toMatchObject({ state: "done", source: "reports", origin: "reports", counts: { accepted: 1, rejected: 1 } });
    const q = await t.system.storage.listQuarantine(job.jobId);
    expect(q).toEqual([expect.objectContaining({ source: "reports", line: 2, reason: expect.stringContaining("unknown region") })]);
    const day = Date.parse("2020-12-30T00:00:00Z") / 86_400_000;
    expect(await t.system.storage.getObservation(NYC, "reports", day + 1)).toMatchObject({ cumCases: report.cumulativeCases, newCases: 20_000 });
    expect((await t.system.storage.getObservation(NYC, "jhu-us", day))!.cumCases).toBe(before.metrics.cumulativeCases);
    expect(await t.system.storage.getObservation(NYC, "jhu-us", day + 1)).toBeNull();
  });
});
