// Message kinds of the social-activity feature: anonymous device pings in, k-anonymous
// device counts out. Raw pings only ever travel over core request/reply (never a stream).
import { z } from "zod";

/** A ping batch is at most 10 KB of JSON; this bounds the count as well. */
export const MAX_PINGS_PER_BATCH = 500;

export const devicePingSchema = z.object({
  /** Opaque id chosen by the device (e.g. a per-install random id); hashed before anything is kept. */
  deviceId: z.string().min(1).max(128),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  time: z.iso.datetime({ offset: true }),
});
export type DevicePing = z.infer<typeof devicePingSchema>;

export const activityPingBatchSchema = z.object({ pings: z.array(devicePingSchema).min(1).max(MAX_PINGS_PER_BATCH) });
export type ActivityPingBatch = z.infer<typeof activityPingBatchSchema>;

export const activityPingResultSchema = z.object({
  /** Pings in the batch. */
  received: z.number().int().nonnegative(),
  /** Pings placed in a region and stored as (region, hour, device hash). */
  accepted: z.number().int().nonnegative(),
  /** Pings no known region contains or is near; dropped, and counted here. */
  unlocated: z.number().int().nonnegative(),
  /** Pings dated too far ahead (clock error) or too long ago; dropped, and counted here. */
  rejected: z.number().int().nonnegative(),
});
export type ActivityPingResult = z.infer<typeof activityPingResultSchema>;

/** What is kept of a ping: no coordinates, no device id, the hour only. */
export const devicePresenceSchema = z.object({
  regionId: z.number().int(),
  hour: z.iso.datetime(),
  deviceHash: z.string().min(1).max(128),
});

export const devicePresenceBatchSchema = z.object({
  batchId: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/),
  rows: z.array(devicePresenceSchema).min(1),
});
export type DevicePresenceBatch = z.infer<typeof devicePresenceBatchSchema>;

/** Longest window one activity query may cover: the retention period plus a day. */
export const ACTIVITY_MAX_DAYS = 31;
const DAY_MS = 86_400_000;
/** A date, or an ISO date-time with its offset: Date.parse alone also reads "May 1" as local time. */
const DAY_OR_DATETIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * Why [from, to) is not a window the activity counts may be read over, or null. Windows are
 * whole UTC days: counts over a window ending at an arbitrary hour could be differenced with
 * the next hour's to expose a bucket below k.
 */
export function activityWindowError(from: string, to: string): string | null {
  const f = DAY_OR_DATETIME.test(from) ? Date.parse(from) : NaN;
  const t = DAY_OR_DATETIME.test(to) ? Date.parse(to) : NaN;
  if (!Number.isFinite(f) || !Number.isFinite(t)) return "from and to must be dates (YYYY-MM-DD) or ISO date-times";
  if (f % DAY_MS !== 0 || t % DAY_MS !== 0) return "from and to must be whole UTC days (00:00 UTC)";
  if (f >= t) return "from must be before to";
  if (t - f > ACTIVITY_MAX_DAYS * DAY_MS) return `at most ${ACTIVITY_MAX_DAYS} days per query`;
  return null;
}

export const activityQuerySchema = z.object({
  regionId: z.number().int(),
  /** Inclusive start, exclusive end: whole UTC days (see activityWindowError); hours in between are reported. */
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
});
export type ActivityQuery = z.infer<typeof activityQuerySchema>;

export const activityAnswerSchema = z.object({
  regionId: z.number().int(),
  from: z.string(),
  to: z.string(),
  /** Buckets with fewer distinct devices than k are never reported. */
  k: z.number().int().positive(),
  hourly: z.array(z.object({ hour: z.string(), devices: z.number().int() })),
  /** Distinct devices over the UTC day (not the sum of its hours). */
  daily: z.array(z.object({ day: z.string(), devices: z.number().int() })),
});
export type ActivityAnswer = z.infer<typeof activityAnswerSchema>;
