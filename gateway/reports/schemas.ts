import { z } from "@hono/zod-openapi";
import { FIRST_WINDOW_ISO, isoOfWindowDay, lastWindowDay, windowDayOfIso } from "../../domain/mod.ts";
import { MAX_FIGURE } from "../../domain/mod.ts";
import { caseReportSchema, MAX_REPORTS_PER_BATCH } from "../../domain/mod.ts";

const FIGURES = ["cumulativeCases", "cumulativeDeaths", "newCases", "newDeaths"] as const;

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
    // The date window (domain/dateWindow.ts): up to one day ahead of UTC (time zones east of it).
    const now = Date.now();
    const window = `${FIRST_WINDOW_ISO} … ${isoOfWindowDay(lastWindowDay(now))}`;
    body.reports.forEach((r, i) => {
      if (windowDayOfIso(r.date, now) === null) {
        ctx.addIssue({ code: "custom", path: ["reports", i, "date"], message: `date ${r.date} is outside the date window ${window}` });
      }
      for (const f of FIGURES) {
        const v = r[f];
        if (v !== undefined && Math.abs(v) > MAX_FIGURE) ctx.addIssue({ code: "custom", path: ["reports", i, f], message: `${f} must be within ±${MAX_FIGURE}` });
      }
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
