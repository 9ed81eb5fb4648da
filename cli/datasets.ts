// The observation datasets the risk pool answers from: every dataset a registered source adapter
// writes (the region lookup writes none), so a new adapter's data is picked up without config.
import { adapters, JHU_LOOKUP_DATASET } from "../pipelines/mod.ts";

const REGISTRY_ONLY = new Set([JHU_LOOKUP_DATASET]);

export function observationDatasets(): string[] {
  const out = new Set<string>(["jhu-us"]);
  for (const a of Object.values(adapters)) if (!REGISTRY_ONLY.has(a.dataset)) out.add(a.dataset);
  return [...out];
}
