import { describe, expect, test } from "bun:test";
import { countTelemetry, meshTelemetry, observeHandler, observeRequest, resetMeshTelemetry } from "./telemetry.ts";

describe("telemetry", () => {
  test("counts per subject, sums totals, and snapshots are copies", () => {
    resetMeshTelemetry();
    countTelemetry("a", "processed");
    countTelemetry("a", "processed");
    countTelemetry("b", "deadLettered");
    observeHandler("a", 10);
    observeHandler("a", 30);
    observeRequest("q", 5, true);
    observeRequest("q", 99, false);
    const snap = meshTelemetry();
    expect(snap.subjects.a).toMatchObject({ processed: 2, handlerMsSum: 40, handlerCount: 2 });
    expect(snap.subjects.q).toMatchObject({ requests: 2, requestErrors: 1, requestMsSum: 5 });
    expect(snap.totals).toMatchObject({ processed: 2, deadLettered: 1, requests: 2 });
    snap.subjects.a!.processed = 100;
    expect(meshTelemetry().subjects.a!.processed).toBe(2);
    resetMeshTelemetry();
    expect(meshTelemetry().subjects).toEqual({});
  });
});
