// Compose variable interpolation, as `docker compose config` applies it before validating:
// $VAR, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error},
// ${VAR:+alt}, ${VAR+alt}, and $$ for a literal $. Applied to every string value, not to keys.
import { ComposeInterpolationError } from "./errors.ts";
import type { Env } from "./types.ts";

const BRACED = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])(.*))?$/s;

export function interpolateString(text: string, env: Env, where = ""): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c !== "$") {
      out += c;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === "$") {
      out += "$";
      i += 2;
    } else if (next === "{") {
      const end = closingBrace(text, i + 2);
      if (end < 0) throw new ComposeInterpolationError(`${where}: unterminated \${ in "${text}"`);
      out += expand(text.slice(i + 2, end), env, where);
      i = end + 1;
    } else {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1));
      if (!m) throw new ComposeInterpolationError(`${where}: a lone $ in "${text}" (write $$ for a literal $)`);
      out += env[m[0]] ?? "";
      i += 1 + m[0].length;
    }
  }
  return out;
}

/** Index of the } closing a ${ that starts before `from`, allowing nested ${…} in defaults. */
function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let j = from; j < text.length; j++) {
    if (text[j] === "$" && text[j + 1] === "{") {
      depth++;
      j++;
    } else if (text[j] === "}" && --depth === 0) return j;
  }
  return -1;
}

function expand(expr: string, env: Env, where: string): string {
  const m = BRACED.exec(expr);
  if (!m) throw new ComposeInterpolationError(`${where}: invalid interpolation "\${${expr}}"`);
  const [, name, op, arg = ""] = m;
  const value = env[name!];
  const unsetOrEmpty = value === undefined || value === "";
  switch (op) {
    case undefined:
      return value ?? "";
    case ":-":
      return unsetOrEmpty ? interpolateString(arg, env, where) : value!;
    case "-":
      return value === undefined ? interpolateString(arg, env, where) : value;
    case ":?":
    case "?":
      if (op === ":?" ? unsetOrEmpty : value === undefined) {
        throw new ComposeInterpolationError(`${where}: required variable ${name} is missing: ${interpolateString(arg, env, where) || "no message"}`);
      }
      return value!;
    case ":+":
      return unsetOrEmpty ? "" : interpolateString(arg, env, where);
    case "+":
      return value === undefined ? "" : interpolateString(arg, env, where);
    default:
      throw new ComposeInterpolationError(`${where}: invalid interpolation "\${${expr}}"`);
  }
}

/** Interpolates every string in a parsed compose document; `where` names the path in errors. */
export function interpolateDocument<T>(value: T, env: Env, where = ""): T {
  if (typeof value === "string") return interpolateString(value, env, where) as T;
  if (Array.isArray(value)) return value.map((v, i) => interpolateDocument(v, env, `${where}[${i}]`)) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateDocument(v, env, where ? `${where}.${k}` : k)])) as T;
  }
  return value;
}

/** Names of every variable a text refers to, and those it requires (`:?` / `?`). */
export function referencedVariables(text: string): { all: Set<string>; required: Set<string> } {
  const all = new Set<string>();
  const required = new Set<string>();
  for (const m of text.matchAll(/(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)(:?\?)?/g)) {
    all.add(m[1]!);
    if (m[2]) required.add(m[1]!);
  }
  for (const m of text.matchAll(/(?<!\$)\$([A-Za-z_][A-Za-z0-9_]*)/g)) all.add(m[1]!);
  return { all, required };
}
