// Readiness as the gateway's /readyz asks it: a risk query for a region with data is answered
// once a snapshot holding some region's daily series is live (answer.ts answers 503 before).
import type { RiskStatus } from "../../../domain/mod.ts";
import { isoOfDay } from "../../../domain/mod.ts";
import type { Snapshot } from "../snapshotTypes.ts";

export function riskStatus(snapshot: Snapshot | null): RiskStatus {
  const regions = snapshot?.series.size ?? 0;
  return { ready: regions > 0, regions, lastDate: snapshot && snapshot.lastDay >= 0 ? isoOfDay(snapshot.lastDay) : null };
}
