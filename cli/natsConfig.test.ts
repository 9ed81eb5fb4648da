import { expect, test } from "bun:test";
import { DEFAULT_STREAM_MAX_BYTES } from "../mesh/mod.ts";
import { loadConfig } from "./config.ts";
import { contractOf, natsCredentialsOf, parseByteSize } from "./natsConfig.ts";

test("byte sizes in nats-server's binary units", () => {
  expect([parseByteSize("1048576"), parseByteSize("512M"), parseByteSize("4G"), parseByteSize("4GiB"), parseByteSize("1t")]).toEqual([
    1048576,
    512 * 2 ** 20,
    4 * 2 ** 30,
    4 * 2 ** 30,
    2 ** 40,
  ]);
  expect([parseByteSize(""), parseByteSize("0"), parseByteSize("-1G"), parseByteSize("4X"), parseByteSize("1.5G")]).toEqual([null, null, null, null, null]);
});

test("STREAM_MAX_BYTES: defaults, key=size over them, off, and a named error for anything else", () => {
  const caps = (v?: string) => contractOf(loadConfig(v === undefined ? {} : { STREAM_MAX_BYTES: v })).streams;
  expect(caps().data.maxBytes).toBe(DEFAULT_STREAM_MAX_BYTES.data);
  expect(caps().ingestJobs).toMatchObject({ maxBytes: DEFAULT_STREAM_MAX_BYTES.ingestJobs, discard: "new" });
  const custom = caps("data=8G, reports=64M");
  expect([custom.data.maxBytes, custom.reports.maxBytes, custom.jobEvents.maxBytes]).toEqual([8 * 2 ** 30, 64 * 2 ** 20, DEFAULT_STREAM_MAX_BYTES.jobEvents]);
  expect(Object.values(caps("off")).map((s) => s.maxBytes)).toEqual([-1, -1, -1, -1, -1, -1]);
  expect(() => caps("dataa=8G")).toThrow(/STREAM_MAX_BYTES.*key=size/);
  expect(() => caps("data=lots")).toThrow(/STREAM_MAX_BYTES/);
});

test("NATS credentials from NATS_USER / NATS_PASSWORD, or none", () => {
  expect(natsCredentialsOf(loadConfig({ NATS_USER: "gateway", NATS_PASSWORD: "s1" }))).toEqual({ user: "gateway", pass: "s1" });
  expect(natsCredentialsOf(loadConfig({}))).toEqual({});
});
