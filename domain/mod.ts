// The leaf package: the domain every layer shares (regions, region-day columns, day and week
// numbers, weekly indicators, and the message contract). Imports nothing of ours.
export type * from "./region.ts";
export type * from "./observations.ts";
export * from "./regionIds.ts";
export * from "./days.ts";
export * from "./weeks.ts";
export * from "./weekly.ts";
export * from "./errorCodes.ts";
export * from "./dateWindow.ts";
export * from "./figureRange.ts";
// The message contract: every message kind (messages) and its payload schemas.
export * from "./ids.ts";
export * from "./messages.ts";
export * from "./riskMessages.ts";
export * from "./riskModelMessages.ts";
export * from "./currentMessages.ts";
export * from "./hospForecastMessages.ts";
export * from "./jobMessages.ts";
export * from "./activityMessages.ts";
