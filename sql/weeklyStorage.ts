// The WeeklyStore half of Storage (domain/weekly.ts): input checks, then the queries of
// weeklyStore.ts, exactly once per (jobId, seq) through the shared ledger.
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { WeeklyStore } from "../domain/mod.ts";
import { guard } from "./driverError.ts";
import type { BatchKind } from "./ledger.ts";
import type { Executor } from "./rows.ts";
import type { ApplyResult, BatchCounts } from "./types.ts";
import { insertQuarantine } from "./quarantineInsert.ts";
import { assertJobSeq, assertSource, checkQuarantine } from "./validate.ts";
import { countWeekly, createWeeklySeriesIds, loadWeeklySeries, weeklyRevisions, writeWeekly } from "./weeklyStore.ts";
import { checkWeeklyColumns, checkWeeklyMetric, checkDate } from "./weeklyValidate.ts";

type ApplyOnce = (operation: string, jobId: string, seq: number, kind: BatchKind, source: string, write: (tx: Executor) => Promise<BatchCounts>) => Promise<ApplyResult>;

export function createWeeklyStorage(db: PgDatabase<PgQueryResultHKT>, open: () => void, applyOnce: ApplyOnce): WeeklyStore {
  const weeklySeriesId = createWeeklySeriesIds();
  return {
    async applyWeekly(jobId, seq, source, columns, dropped = []) {
      assertJobSeq(jobId, seq);
      assertSource(source);
      checkWeeklyColumns(columns);
      checkQuarantine(jobId, dropped);
      open();
      // Created outside the batch transaction, like observation series ids: it commits alone.
      const id = await guard("applyWeekly", () => weeklySeriesId(db, source, columns.metric));
      return applyOnce("applyWeekly", jobId, seq, "weekly", source, async (tx) => ({
        ...(await writeWeekly(tx, id, columns)),
        rejected: await insertQuarantine(tx, dropped),
      }));
    },

    async loadWeeklySeries(source, metric, asOf) {
      open();
      checkWeeklyMetric(metric);
      const day = asOf === undefined ? null : checkDate(asOf, "asOf");
      return guard("loadWeeklySeries", () => loadWeeklySeries(db, source, metric, day));
    },

    async weeklyRevisions(source, metric, regionId, weekEnd) {
      open();
      checkWeeklyMetric(metric);
      const day = checkDate(weekEnd, "weekEnd");
      return guard("weeklyRevisions", () => weeklyRevisions(db, source, metric, regionId, day));
    },

    async countWeekly(source) {
      open();
      return guard("countWeekly", () => countWeekly(db, source));
    },
  };
}
