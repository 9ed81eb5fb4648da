// Identifiers every message carries: job ids (also the JetStream dedup key prefix) and source ids.
import { z } from "zod";

export const sourceId = z.string().regex(/^[a-z0-9-]+$/, "source ids are lowercase letters, digits and '-'");
export const jobId = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, "job ids are letters, digits, '-' and '_'");

/** Pushed case reports: the source id of their jobs and the dataset their rows are stored under. */
export const REPORTS_DATASET = "reports";
