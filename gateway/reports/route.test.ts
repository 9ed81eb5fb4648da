// POST /v1/reports over a fake mesh: API key, one 400 listing each bad entry, 413 above the size limit.
import { describe, expect, test } from "bun:test";
import type { JobRecord } from "../../domain/mod.ts";
import { expectProblem, fakeJobsMesh, keyedApp, post } from "../testSupport.ts";

describe("POST /v1/reports", () => {
  const good = { fips: "36061", date: "2020-12-31", cumulativeCases: 400000, newCases: 2100 };

  test("needs an API key", async () => {
    await expectProblem(await post(keyedApp(fakeJobsMesh()), "/v1/reports", { reports: [good] }, { "content-type": "application/json", authorization: "Bearer wrong" }), 401);
  });

  test("a valid batch is queued as one job", async () => {
    const fake = fakeJobsMesh();
    const res = await post(keyedApp(fake), "/v1/reports", {
      reports: [good, { iso3: "DEU", date: "2021-01-02", newDeaths: 3 }, { regionId: 84006037, date: "2021-01-02", cumulativeDeaths: 10 }],
    });
    expect(res.status).toBe(202);
    const body = (await res.json()) as JobRecord;
    expect(body.source).toBe("reports");
    expect(fake.reports[0].reports).toHaveLength(3);
    expect(fake.reports[0].jobId).toBe(body.jobId);
  });

  test("bad entries are all listed in one 400, and nothing is queued", async () => {
    const fake = fakeJobsMesh();
    const future = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    const body = await expectProblem(
      await post(keyedApp(fake), "/v1/reports", {
        reports: [
          good,
          { fips: "3606", date: "2020-12-31", cumulativeCases: 1 }, // bad FIPS
          { fips: "36061", iso3: "USA", date: "2020-12-31", newCases: 1 }, // two region codes
          { fips: "36047", date: "2020-12-31" }, // no figure
          { fips: "36047", date: future, newCases: 1 }, // future
          { fips: "36061", date: "2020-12-31", newCases: 5 }, // duplicate of entry 0
          { fips: "36081", date: "2020-13-01", cumulativeCases: -1 }, // bad date, negative cumulative
        ],
      }),
      400,
    );
    const paths = body.errors!.map((e) => e.path);
    for (const p of ["reports.1.fips", "reports.2", "reports.3", "reports.4.date", "reports.5", "reports.6.date", "reports.6.cumulativeCases"]) {
      expect(paths).toContain(p);
    }
    expect(paths.some((p) => p.startsWith("reports.0"))).toBe(false);
    expect(fake.reports).toHaveLength(0);
  });

  test("above the size limit: 413", async () => {
    const reports = Array.from({ length: 300 }, (_, i) => ({ regionId: 84000000 + i, date: "2020-12-31", cumulativeCases: i }));
    await expectProblem(await post(keyedApp(fakeJobsMesh(), { reportsMaxBytes: 4096 }), "/v1/reports", { reports }), 413);
  });
});

describe("the date window (2019-12-01 … tomorrow) and the figure range", () => {
  test("reports dated year 0001, before 2019-12-01 or past tomorrow, or with a figure above 10^10, are 400 by index", async () => {
    const fake = fakeJobsMesh();
    const ok = { fips: "36061", date: "2019-12-01", newCases: 1 };
    const body = await expectProblem(
      await post(keyedApp(fake), "/v1/reports", {
        reports: [
          ok,
          { fips: "36047", date: "0001-01-01", newCases: 1 },
          { fips: "36081", date: "2019-11-30", newCases: 1 },
          { fips: "36085", date: "2999-01-01", newCases: 1 },
          { fips: "36005", date: "2020-12-31", cumulativeCases: 1e15 },
        ],
      }),
      400,
    );
    expect(body.errors!.map((e) => e.path)).toEqual(["reports.1.date", "reports.2.date", "reports.3.date", "reports.4.cumulativeCases"]);
    expect(body.errors![0].message).toMatch(/^date 0001-01-01 is outside the date window 2019-12-01 … \d{4}-\d\d-\d\d$/);
    expect(fake.reports).toHaveLength(0);
    expect((await post(keyedApp(fake), "/v1/reports", { reports: [ok] })).status).toBe(202);
  });
});
