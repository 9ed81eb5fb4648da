// The observation datasets the risk pool answers from: every dataset a registered source adapter
// writes as observations (not the region lookup, not mobility), so a new adapter's data is
// picked up without config.
import { adapters } from "../pipelines/mod.ts";

export function observationDatasets(): string[] {
  const out = new Set<string>(["jhu-us"]);
  for (const a of Object.values(adapters)) if (a.writes === "observations") out.add(a.dataset);
  return [...out];
}
