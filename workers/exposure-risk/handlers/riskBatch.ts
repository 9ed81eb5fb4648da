// covid.risk.batch: up to 100 risk queries in one round trip; a query that fails alone (no data
// for its date) gets its own error, the others still answer.
import type { RiskBatchQuery, RiskBatchResult, RiskQuery } from "../../../domain/mod.ts";
import type { WeeklyData } from "../current/weeklyData.ts";
import { answerRiskQuery } from "../answer.ts";
import { ServiceError } from "../../../domain/mod.ts";
import type { Snapshot } from "../snapshotTypes.ts";

export function answerRiskBatch(
  snapshot: Snapshot | null,
  batch: RiskBatchQuery,
  ascertainment: number,
  weeklyFor: (q: RiskQuery) => WeeklyData | null = () => null,
): RiskBatchResult {
  return {
    results: batch.queries.map((q) => {
      try {
        return { answer: answerRiskQuery(snapshot, q, ascertainment, weeklyFor(q)) };
      } catch (err) {
        if (err instanceof ServiceError) return { error: { code: err.code, message: err.message } };
        throw err;
      }
    }),
  };
}
