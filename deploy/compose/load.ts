// A host's compose configuration: its files parsed, interpolated with its .env, and combined.
// The deployment's files never define the same service, network or volume twice, so combining
// them is a union (compose's merge of overlapping entries is not needed, and is refused).
import { readFileSync } from "node:fs";
import { ComposeMergeError } from "./errors.ts";
import { interpolateDocument } from "./interpolate.ts";
import type { ComposeFile, Env } from "./types.ts";

export function parseComposeFile(path: string): ComposeFile {
  return Bun.YAML.parse(readFileSync(path, "utf8")) as ComposeFile;
}

/** Parses `KEY=value` lines (comments and blank lines skipped), as compose reads .env. */
export function parseEnvFile(text: string): Env {
  const env: Env = {};
  for (const line of text.split("\n")) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (m) env[m[1]!] = m[2]!.trim();
  }
  return env;
}

const SECTIONS = ["services", "networks", "volumes", "secrets", "configs"] as const;

export function combineComposeFiles(files: Array<{ path: string; doc: ComposeFile }>): ComposeFile {
  const out: ComposeFile = {};
  for (const { path, doc } of files) {
    for (const [key, value] of Object.entries(doc)) {
      if (!(SECTIONS as readonly string[]).includes(key)) {
        out[key] ??= value;
        continue;
      }
      const section = (out[key] ??= {}) as Record<string, unknown>;
      for (const [name, entry] of Object.entries((value ?? {}) as Record<string, unknown>)) {
        if (name in section) throw new ComposeMergeError(`${path}: ${key}.${name} is also defined by an earlier file`);
        section[name] = entry;
      }
    }
  }
  return out;
}

/** `docker compose -f a -f b config`, minus the normalisation: parse, interpolate, combine. */
export function loadComposeConfig(paths: string[], env: Env): ComposeFile {
  return combineComposeFiles(paths.map((path) => ({ path, doc: interpolateDocument(parseComposeFile(path), env, path) })));
}
