import { z } from "@hono/zod-openapi";
import { caseReportSchema, MAX_REPORTS_PER_BATCH } from "../../domain/mod.ts";

/** Reports may be dated up to one day ahead of UTC (time zones east of it), not later. */
const latestDate = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

const regionKey = (r: { regionId?: number; fips?: string; iso3?: string }) =>
  r.regionId !== undefined ? `id:${r.regionId}` : r.fips !== undefined ? `fips:${r.fips}` : `iso3:${r.iso3}`;

export const reportsBody = z
  .object({
    reports: z
      .array(caseReportSchema.meta({ id: "CaseReport" }))
      .min(1, "send at least one report")
      .max(MAX_REPORTS_PER_BATCH, `at most ${MAX_REPORTS_PER_BATCH} reports per request`),
  })
  .superRefine((body, ctx) => {
    const seen = new Map<string, number>();
    const latest = latestDate();
    body.reports.forEach((r, i) => {
      if (r.date > latest) ctx.addIssue({ code: "custom", path: ["reports", i, "date"], message: `date ${r.date} is in the future` });
      const key = `${regionKey(r)}@${r.date}`;
      const first = seen.get(key);
      if (first !== undefined) {
        ctx.addIssue({ code: "custom", path: ["reports", i], message: `same region and date as reports.${first}` });
      } else seen.set(key, i);
    });
  })
  .openapi("ReportBatchRequest", {
    example: { reports: [{ fips: "36061", date: "2020-12-31", cumulativeCases: 123456, newCases: 2100 }] },
  });
