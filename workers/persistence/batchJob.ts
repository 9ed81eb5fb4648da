// The job a decoded data message belongs to, whatever its kind (Arrow batches carry the job
// id in their schema metadata, JSON batches as a field).
import { mobilityFromTable, observationsFromTable, weeklyFromTable } from "../../pipelines/mod.ts";
import type { DataKind } from "./subjectKind.ts";

export interface BatchJob {
  jobId: string;
  source: string;
}

export function batchJob(kind: DataKind, value: unknown): BatchJob | null {
  try {
    switch (kind) {
      case "observations": {
        const b = observationsFromTable(value as never);
        return { jobId: b.jobId, source: b.source };
      }
      case "mobility": {
        const b = mobilityFromTable(value as never);
        return { jobId: b.jobId, source: b.source };
      }
      case "weekly": {
        const b = weeklyFromTable(value as never);
        return { jobId: b.jobId, source: b.source };
      }
      default: {
        const b = value as { jobId?: unknown; source?: unknown };
        return typeof b?.jobId === "string" && typeof b.source === "string" ? { jobId: b.jobId, source: b.source } : null;
      }
    }
  } catch {
    return null;
  }
}
