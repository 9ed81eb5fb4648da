// Storage contract, weekly indicators (domain/weekly.ts WeeklyStore): versions per publication,
// "as known on day D", exactly-once apply. Run against every driver (postgresJs.test.ts, pglite.test.ts).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { dayOfIso, type WeeklyColumns, type WeeklyMetric } from "../domain/mod.ts";
import { uid } from "./contractFixtures.ts";
import { DuplicateKeyInBatchError, InvalidBatchError } from "./errors.ts";
import type { Storage } from "./types.ts";

const W1 = "2025-01-04";
const W2 = "2025-01-11";

interface Row {
  region: number;
  week: string;
  asOf: string;
  value: number;
  level?: number;
  trend?: number;
  reason?: string | null;
}

function weekly(rows: Row[], metric: WeeklyMetric = "hosp-admissions"): WeeklyColumns {
  return {
    metric,
    regionId: Int32Array.from(rows, (r) => r.region),
    weekEnd: Int32Array.from(rows, (r) => dayOfIso(r.week)),
    asOf: Int32Array.from(rows, (r) => dayOfIso(r.asOf)),
    value: Float64Array.from(rows, (r) => r.value),
    level: Int8Array.from(rows, (r) => r.level ?? -1),
    trend: Int8Array.from(rows, (r) => r.trend ?? -1),
    missingReason: rows.map((r) => r.reason ?? null),
  };
}

const counts = (accepted: number, unchanged: number, revised: number) => ({ applied: true, accepted, unchanged, revised, rejected: 0, regions: 0 });

export function defineWeeklyContract(name: string, makeStorage: () => Promise<Storage> | Storage): void {
  describe(`Storage contract (weekly): ${name}`, () => {
    let s: Storage;

    // Migrating a fresh PGlite takes seconds, tens of seconds on a loaded machine: not a target.
    beforeAll(async () => {
      s = await makeStorage();
      await s.migrate();
    }, 120_000);
    afterAll(async () => {
      await s?.close();
    });

    test("a publication is stored; the same publication again writes nothing; a redelivery is not applied", async () => {
      const source = uid("wk");
      const job = uid("job");
      const pub = weekly([
        { region: 1, week: W1, asOf: "2025-01-08", value: 216 },
        { region: 1, week: W2, asOf: "2025-01-08", value: 180 },
        { region: 2, week: W1, asOf: "2025-01-08", value: 7 },
      ]);
      expect(await s.applyWeekly(job, 0, source, pub)).toEqual(counts(3, 0, 0));
      expect(await s.applyWeekly(job, 0, source, pub)).toEqual({ ...counts(3, 0, 0), applied: false });
      expect(await s.applyWeekly(uid("job"), 0, source, pub)).toEqual(counts(0, 3, 0));
      expect(await s.countWeekly(source)).toBe(3);
      expect(await s.countWeekly(uid("other"))).toBe(0);
      expect((await s.jobSummary(job))?.accepted).toBe(3);
    });

    test("a later publication that revises a value keeps the earlier version; as-of queries see each", async () => {
      const source = uid("wk");
      await s.applyWeekly(
        uid("job"),
        0,
        source,
        weekly([
          { region: 1, week: W1, asOf: "2025-01-08", value: 216 },
          { region: 2, week: W1, asOf: "2025-01-08", value: 7 },
        ]),
      );
      const second = await s.applyWeekly(
        uid("job"),
        0,
        source,
        weekly([
          { region: 1, week: W1, asOf: "2025-01-15", value: 226 },
          { region: 2, week: W1, asOf: "2025-01-15", value: 7 },
          { region: 2, week: W2, asOf: "2025-01-15", value: 9 },
        ]),
      );
      expect(second).toEqual(counts(2, 1, 1));
      expect(await s.countWeekly(source)).toBe(4);

      const asOf = async (d?: string) => {
        const x = await s.loadWeeklySeries(source, "hosp-admissions", d);
        return Array.from(x.regionId, (r, i) => [r, x.weekEnd[i], x.asOf[i], x.value[i]]);
      };
      expect(await asOf("2025-01-07")).toEqual([]);
      expect(await asOf("2025-01-08")).toEqual([
        [1, dayOfIso(W1), dayOfIso("2025-01-08"), 216],
        [2, dayOfIso(W1), dayOfIso("2025-01-08"), 7],
      ]);
      expect(await asOf("2025-01-14")).toEqual(await asOf("2025-01-08"));
      const latest = [
        [1, dayOfIso(W1), dayOfIso("2025-01-15"), 226],
        [2, dayOfIso(W1), dayOfIso("2025-01-08"), 7],
        [2, dayOfIso(W2), dayOfIso("2025-01-15"), 9],
      ];
      expect(await asOf("2025-01-15")).toEqual(latest);
      expect(await asOf()).toEqual(latest);

      expect(await s.weeklyRevisions(source, "hosp-admissions", 1, W1)).toEqual([
        { asOf: "2025-01-08", value: 216, level: null, trend: null, missingReason: null },
        { asOf: "2025-01-15", value: 226, level: null, trend: null, missingReason: null },
      ]);
      expect(await s.weeklyRevisions(source, "hosp-admissions", 2, W1)).toHaveLength(1);
      expect(await s.weeklyRevisions(source, "ed-visits-prop", 1, W1)).toEqual([]);
    });

    test("one batch with many publications of a week keeps only the changes, and is idempotent", async () => {
      const source = uid("wk");
      const stack = weekly([
        { region: 1, week: W1, asOf: "2025-01-08", value: 5 },
        { region: 1, week: W1, asOf: "2025-01-15", value: 5 },
        { region: 1, week: W1, asOf: "2025-01-22", value: 7 },
        { region: 1, week: W1, asOf: "2025-01-29", value: 7 },
        { region: 1, week: W1, asOf: "2025-02-05", value: 5 },
      ]);
      expect(await s.applyWeekly(uid("job"), 0, source, stack)).toEqual(counts(3, 2, 2));
      expect((await s.weeklyRevisions(source, "hosp-admissions", 1, W1)).map((r) => [r.asOf, r.value])).toEqual([
        ["2025-01-08", 5],
        ["2025-01-22", 7],
        ["2025-02-05", 5],
      ]);
      expect(await s.applyWeekly(uid("job"), 0, source, stack)).toEqual(counts(0, 5, 0));
      const at = async (d: string) => (await s.loadWeeklySeries(source, "hosp-admissions", d)).value[0];
      expect([await at("2025-01-15"), await at("2025-01-29"), await at("2025-03-01")]).toEqual([5, 7, 5]);
    });

    test("publications ingested out of order still answer every as-of day right", async () => {
      const source = uid("wk");
      await s.applyWeekly(uid("job"), 0, source, weekly([{ region: 3, week: W1, asOf: "2025-01-22", value: 30 }]));
      expect(await s.applyWeekly(uid("job"), 0, source, weekly([{ region: 3, week: W1, asOf: "2025-01-08", value: 20 }]))).toEqual(counts(1, 0, 0));
      const at = async (d: string) => Array.from((await s.loadWeeklySeries(source, "hosp-admissions", d)).value);
      expect([await at("2025-01-07"), await at("2025-01-10"), await at("2025-01-25")]).toEqual([[], [20], [30]]);
      // The older publication re-ingested: nothing new.
      expect(await s.applyWeekly(uid("job"), 0, source, weekly([{ region: 3, week: W1, asOf: "2025-01-08", value: 20 }]))).toEqual(counts(0, 1, 0));
    });

    test("a publication re-read with another value on the same day replaces that version", async () => {
      const source = uid("wk");
      await s.applyWeekly(uid("job"), 0, source, weekly([{ region: 4, week: W1, asOf: "2025-01-08", value: 1 }]));
      expect(await s.applyWeekly(uid("job"), 0, source, weekly([{ region: 4, week: W1, asOf: "2025-01-08", value: 2 }]))).toEqual(counts(1, 0, 1));
      expect((await s.weeklyRevisions(source, "hosp-admissions", 4, W1)).map((r) => r.value)).toEqual([2]);
    });

    test("missing values keep their reason; level and trend round-trip; a changed reason is a revision", async () => {
      const source = uid("wk");
      const m = "ed-visits-pct" as const;
      const first = weekly(
        [
          { region: 84048201, week: W1, asOf: "2025-01-08", value: 1.17, level: 1, trend: 1 },
          { region: 84048201, week: W2, asOf: "2025-01-08", value: Number.NaN, reason: "Limited Data" },
          { region: 840, week: W1, asOf: "2025-01-08", value: 1.84, level: 2, trend: 0 },
        ],
        m,
      );
      expect(await s.applyWeekly(uid("job"), 0, source, first)).toEqual(counts(3, 0, 0));
      expect(await s.applyWeekly(uid("job"), 0, source, { ...first, asOf: new Int32Array(3).fill(dayOfIso("2025-01-15")) })).toEqual(counts(0, 3, 0));
      const series = await s.loadWeeklySeries(source, m);
      expect(Array.from(series.regionId)).toEqual([840, 84048201, 84048201]);
      expect(Array.from(series.level)).toEqual([2, 1, -1]);
      expect(Array.from(series.trend)).toEqual([0, 1, -1]);
      expect(Number.isNaN(series.value[2])).toBe(true);
      expect(series.missingReason).toEqual([null, null, "Limited Data"]);
      const later = weekly([{ region: 84048201, week: W2, asOf: "2025-01-22", value: Number.NaN, reason: "Data Unavailable" }], m);
      expect(await s.applyWeekly(uid("job"), 0, source, later)).toEqual(counts(1, 0, 1));
      expect(await s.weeklyRevisions(source, m, 84048201, W2)).toEqual([
        { asOf: "2025-01-08", value: null, level: null, trend: null, missingReason: "Limited Data" },
        { asOf: "2025-01-22", value: null, level: null, trend: null, missingReason: "Data Unavailable" },
      ]);
      expect(await s.weeklyRevisions(source, m, 84048201, W1)).toEqual([{ asOf: "2025-01-08", value: 1.17, level: "low", trend: "no-change", missingReason: null }]);
      // Metrics of one source are separate series.
      expect((await s.loadWeeklySeries(source, "hosp-admissions")).regionId.length).toBe(0);
    });

    test("bad batches are refused with named errors and write nothing", async () => {
      const source = uid("wk");
      const job = uid("job");
      const dup = weekly([
        { region: 1, week: W1, asOf: "2025-01-08", value: 1 },
        { region: 1, week: W1, asOf: "2025-01-08", value: 2 },
      ]);
      await expect(s.applyWeekly(job, 0, source, dup)).rejects.toBeInstanceOf(DuplicateKeyInBatchError);
      const level = weekly([{ region: 1, week: W1, asOf: "2025-01-08", value: 1, level: 5 }]);
      await expect(s.applyWeekly(job, 0, source, level)).rejects.toBeInstanceOf(InvalidBatchError);
      const inf = weekly([{ region: 1, week: W1, asOf: "2025-01-08", value: Infinity }]);
      await expect(s.applyWeekly(job, 0, source, inf)).rejects.toThrow(/finite/);
      const early = weekly([{ region: 1, week: "2019-11-30", asOf: "2025-01-08", value: 1 }]);
      await expect(s.applyWeekly(job, 0, source, early)).rejects.toThrow(/outside the date window/);
      await expect(s.applyWeekly(job, 0, source, { ...weekly([]), metric: "cases" as never })).rejects.toThrow(/unknown weekly metric/);
      await expect(s.loadWeeklySeries(source, "hosp-admissions", "2025-13-01")).rejects.toBeInstanceOf(InvalidBatchError);
      expect(await s.countWeekly(source)).toBe(0);
      expect(await s.jobSummary(job)).toBeNull();
    });

    test("a reason with quotes, commas and backslashes survives the array literal", async () => {
      const source = uid("wk");
      const reason = 'odd, "quoted" \\ reason {x}';
      await s.applyWeekly(uid("job"), 0, source, weekly([{ region: 9, week: W1, asOf: "2025-01-08", value: Number.NaN, reason }]));
      expect((await s.loadWeeklySeries(source, "hosp-admissions")).missingReason).toEqual([reason]);
    });
  });
}
