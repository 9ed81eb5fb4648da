// CDC COVID-19 Community Levels (2022) on hospital admissions: new admissions per 100k over
// 7 days, low < 10, medium 10–19.9, high ≥ 20 (field notes, "Hospital admission levels").
import type { AdmissionLevel } from "../../../domain/mod.ts";

export function admissionLevel(per100k: number | null): AdmissionLevel | null {
  if (per100k === null || !Number.isFinite(per100k)) return null;
  if (per100k < 10) return "low";
  if (per100k < 20) return "medium";
  return "high";
}

export function per100kOf(weekly: number, population: number | null): number | null {
  return population !== null && population > 0 ? (weekly / population) * 100_000 : null;
}
