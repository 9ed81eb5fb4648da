// Structured JSON logs (pino): one logger per service, a child per message with its correlation id.
import pino from "pino";

export type Logger = pino.Logger;

export function createLogger(service: string, level: string = process.env.LOG_LEVEL ?? "info"): Logger {
  return pino({ name: service, level, base: { service, pid: process.pid } });
}

/** A logger that drops everything: the default for library code and tests. */
export const silentLogger: Logger = pino({ level: "silent" });
