import { z } from "@hono/zod-openapi";

export const ingestBody = z
  .object({
    source: z
      .string()
      .regex(/^[a-z0-9-]+$/, "source ids are lowercase letters, digits and '-'")
      .openapi({ example: "jhu-us-cases" }),
    url: z
      .url()
      .refine((u) => /^https?:\/\//i.test(u), "only http and https URLs are accepted")
      .optional()
      .openapi({ example: "https://raw.githubusercontent.com/CSSEGISandData/COVID-19/master/csse_covid_19_data/csse_covid_19_time_series/time_series_covid19_confirmed_US.csv" }),
    file: z.string().min(1).max(4096).optional().openapi({ description: "A path under the server's INGEST_FILE_ROOT; refused when none is configured" }),
  })
  .refine((b) => (b.url ? 1 : 0) + (b.file ? 1 : 0) === 1, { message: "give exactly one of url or file", path: ["url"] })
  .openapi("IngestRequest");
export type IngestBody = z.infer<typeof ingestBody>;
