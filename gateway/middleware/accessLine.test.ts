import { describe, expect, test } from "bun:test";
import pino from "pino";
import { accessLineWriter } from "./accessLine.ts";

/** A pino logger writing its lines into an array, as createLogger does into its stream. */
function capture(opts: pino.LoggerOptions = {}) {
  const lines: string[] = [];
  const log = pino({ name: "covid-mesh", level: "info", base: { service: "covid-mesh", pid: 4242 }, ...opts }, { write: (s: string) => void lines.push(s) });
  return { log, lines };
}

/** The line pino writes for the same request, with the time taken out (it is the clock's). */
const withoutTime = (line: string) => line.replace(/"time":\d+/, '"time":0');

describe("the access line written by hand", () => {
  const cases: [string, string, string, number, number][] = [
    ["0d6f1c9e-4a57-4d1c-9e0a-2b1f3c4d5e6f", "GET", "/v1/risk", 200, 0.05],
    ["client.id:7-x", "GET", "/v1/risk", 304, 12],
    ['odd"id\\with\nescapes', "POST", "/v1/ingest/jobs", 503, 1234.56],
    ["id", "GET", "/v1/regions/ünïcode path?", 404, 0],
  ];
  for (const [id, method, path, status, ms] of cases) {
    test(`is pino's line for ${method} ${path} ${status}`, () => {
      const hand = capture();
      const viaPino = capture();
      const write = accessLineWriter(hand.log);
      expect(write).not.toBeNull();
      write!(id, method, path, status, ms);
      viaPino.log.info({ correlationId: id, method, path, status, ms }, "request");
      expect(hand.lines.map(withoutTime)).toEqual(viaPino.lines.map(withoutTime));
      expect(JSON.parse(hand.lines[0])).toMatchObject({ correlationId: id, path, status, ms });
    });
  }

  test("a child logger's bindings are in the line", () => {
    const { log, lines } = capture();
    accessLineWriter(log.child({ gateway: "a" }))!("id", "GET", "/v1/risk", 200, 1);
    expect(JSON.parse(lines[0])).toMatchObject({ service: "covid-mesh", pid: 4242, gateway: "a", msg: "request" });
  });

  test("nothing is written when info is off, and again once it is on", () => {
    const { log, lines } = capture({ level: "warn" });
    const write = accessLineWriter(log)!;
    write("id", "GET", "/v1/risk", 200, 1);
    expect(lines).toEqual([]);
    log.level = "info";
    write("id", "GET", "/v1/risk", 200, 1);
    expect(lines).toHaveLength(1);
  });

  test("a logger whose line format is not pino's default is left to pino", () => {
    expect(accessLineWriter(capture({ formatters: { level: (label) => ({ level: label }) } }).log)).toBeNull();
    expect(accessLineWriter(capture({ mixin: () => ({ extra: 1 }) }).log)).toBeNull();
    expect(accessLineWriter(capture({ timestamp: pino.stdTimeFunctions.isoTime }).log)).toBeNull();
    expect(accessLineWriter(capture({ messageKey: "message" }).log)).toBeNull();
    expect(accessLineWriter(capture({ redact: ["path"] }).log)).toBeNull();
    expect(accessLineWriter(capture({ serializers: { path: (p: string) => p.toUpperCase() } }).log)).toBeNull();
    expect(accessLineWriter(capture({ msgPrefix: "[gw] " }).log)).toBeNull();
  });
});
