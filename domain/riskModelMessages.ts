// Payload of the "risk models updated" event: a risk worker finished a recompute of metrics,
// clusters and forecasts for every region, swapped it into its snapshot and stored it.
import { z } from "zod";

export const riskModelsUpdatedSchema = z.object({
  runId: z.string(),
  builtAt: z.iso.datetime(),
  lastDate: z.iso.date().nullable(),
  /** Regions with latest figures. */
  regions: z.number().int(),
  /** Regions with a covid-mesh forecast, and forecast rows stored (both models, 8 targets each). */
  forecastRegions: z.number().int(),
  forecastRows: z.number().int(),
  clusterRuns: z.array(
    z.object({
      /** cluster_runs.id, or null when storing failed. */
      id: z.number().int().nullable(),
      level: z.enum(["county", "state", "country"]),
      k: z.number().int(),
      silhouette: z.number(),
      calinskiHarabasz: z.number(),
      ariPrevious: z.number().nullable(),
    }),
  ),
  /** false when the results could not be stored (they are still served from memory). */
  stored: z.boolean(),
  computeMs: z.number(),
  persistMs: z.number(),
});
export type RiskModelsUpdated = z.infer<typeof riskModelsUpdatedSchema>;
