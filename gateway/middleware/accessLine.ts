// The access-log line written by hand. pino's log.info(obj, msg) serializes the object key by
// key (asJson, JSON.stringify per value, the time function): measured, about 7% of an edge hit's
// CPU, where the line has the same five fields every time. For a logger with pino's default
// line format (no mixin, hooks or formatters of ours) the line is built from the logger's own
// bindings and written to its stream; the text is the same as pino's (accessLine.test.ts).
// Any other logger gets log.info, as before.
import pino from "pino";
import type { Logger } from "../../mesh/mod.ts";

export type AccessLineWriter = (id: string, method: string, path: string, status: number, ms: number) => void;

/** Characters JSON can hold without escaping: the correlation ids and methods we write. */
const PLAIN = /^[A-Za-z0-9._:/ -]*$/;
const quoted = (s: string) => (PLAIN.test(s) ? `"${s}"` : JSON.stringify(s));

type PinoInternals = Record<symbol, unknown>;

/** A writer for a plain pino logger, or null when the logger's line format is not pino's default. */
export function accessLineWriter(log: Logger): AccessLineWriter | null {
  const l = log as unknown as PinoInternals;
  const { chindingsSym, streamSym, timeSym, messageKeySym, mixinSym, hooksSym, formattersSym, nestedKeySym, stringifiersSym, serializersSym, needsMetadataGsym } = pino.symbols;
  // Not in pino's type declarations (10.4), but among its symbols.
  const msgPrefixSym = (pino.symbols as unknown as Record<string, symbol>).msgPrefixSym;
  const stream = l[streamSym] as ({ write?: (line: string) => void } & PinoInternals) | undefined;
  const serializers = (l[serializersSym] ?? {}) as Record<string, unknown>;
  const chindings = l[chindingsSym];
  const formatters = l[formattersSym] as { log?: unknown; level?: unknown } | undefined;
  const hooks = l[hooksSym] as { logMethod?: unknown; streamWrite?: unknown } | undefined;
  const plain =
    typeof chindings === "string" &&
    typeof stream?.write === "function" &&
    l[timeSym] === pino.stdTimeFunctions.epochTime &&
    l[messageKeySym] === "msg" &&
    !l[mixinSym] &&
    !l[nestedKeySym] &&
    !l[msgPrefixSym] &&
    // redact's stringifiers, by top-level key.
    Object.keys(l[stringifiersSym] ?? {}).length === 0 &&
    !stream[needsMetadataGsym] &&
    !["correlationId", "method", "path", "status", "ms"].some((k) => serializers[k]) &&
    !hooks?.logMethod &&
    !hooks?.streamWrite &&
    log.levels.values.info === 30 &&
    // pino's own defaults: the level as a number, the object as is.
    formatters?.level === pinoDefaults.level &&
    formatters?.log === pinoDefaults.log;
  if (!plain) return null;
  const write = stream.write!.bind(stream);
  return (id, method, path, status, ms) => {
    if (!log.isLevelEnabled("info")) return;
    write(
      `{"level":30,"time":${Date.now()}${chindings},"correlationId":${quoted(id)},"method":${quoted(method)},"path":${quoted(path)},"status":${status},"ms":${ms},"msg":"request"}\n`,
    );
  };
}

/** The formatters of a pino logger made with no options: what `plain` compares against. */
const pinoDefaults = (pino({ level: "silent" }) as unknown as PinoInternals)[pino.symbols.formattersSym] as { level: unknown; log: unknown };
