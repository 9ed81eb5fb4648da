// The leaf package: domain types shared by every layer. Imports nothing of ours.
export * from "./weekly.ts";
export * from "./errorCodes.ts";
export * from "./dateWindow.ts";
export * from "./figureRange.ts";
