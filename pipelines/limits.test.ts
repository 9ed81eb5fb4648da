import { expect, test } from "bun:test";
import { DEFAULT_INGEST_LIMITS, IngestLimitsConfigError, ingestLimitsFromEnv } from "./limits.ts";

test("ingest limits: defaults when unset or empty, numbers from the environment, named error otherwise", () => {
  expect(ingestLimitsFromEnv({})).toEqual(DEFAULT_INGEST_LIMITS);
  expect(ingestLimitsFromEnv({ INGEST_MAX_RECORD_CHARS: "" })).toEqual(DEFAULT_INGEST_LIMITS);
  const l = ingestLimitsFromEnv({
    INGEST_MAX_RECORD_CHARS: "2048",
    INGEST_MAX_DECOMPRESSED_BYTES: "1000000",
    INGEST_MAX_GZIP_RATIO: "20",
    INGEST_MAX_QUARANTINE_ROWS: "7",
    INGEST_MAX_PLAIN_BYTES: "5000000",
  });
  expect(l).toEqual({
    maxRecordChars: 2048,
    decompression: { ...DEFAULT_INGEST_LIMITS.decompression, maxBytes: 1_000_000, maxRatio: 20 },
    maxPlainBytes: 5_000_000,
    maxQuarantineRows: 7,
  });
  expect(ingestLimitsFromEnv({}).maxPlainBytes).toBe(4 * 1024 ** 3);
  expect(() => ingestLimitsFromEnv({ INGEST_MAX_PLAIN_BYTES: "-1" })).toThrow(/INGEST_MAX_PLAIN_BYTES/);
  expect(() => ingestLimitsFromEnv({ INGEST_MAX_GZIP_RATIO: "0" })).toThrow(IngestLimitsConfigError);
  expect(() => ingestLimitsFromEnv({ INGEST_MAX_QUARANTINE_ROWS: "many" })).toThrow(/INGEST_MAX_QUARANTINE_ROWS/);
});
