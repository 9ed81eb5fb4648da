// The docs say what the code does, checked here so they cannot go stale again: the source list
// against the adapter registry, the configuration tables against every environment variable
// the code reads, the README's route table against the gateway's routes, and every relative
// link against the files in the repository.
import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { adapters } from "../pipelines/registry.ts";
import { envSchema } from "../cli/config.ts";
import { fakeMesh, testApp } from "../gateway/testSupport.ts";

const ROOT = resolve(import.meta.dir, "..");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");

/** Docs other branches are adding; README.md links them already. Remove each once it exists. */
const PENDING_DOCS: string[] = [];

/** Operating-system variables passed through to child processes: not configuration. */
const OS_VARIABLES = new Set(["PATH", "HOME"]);

/** The text between `<!-- name:start -->` and `<!-- name:end -->`; fails when the markers are missing. */
function section(text: string, name: string): string {
  const start = text.indexOf(`<!-- ${name}:start -->`);
  const end = text.indexOf(`<!-- ${name}:end -->`);
  if (start < 0 || end < start) throw new Error(`markers <!-- ${name}:start/end --> not found`);
  return text.slice(start, end);
}

/** The `code spans` of the first cell of every markdown table row (header and rule rows excluded). */
function firstCellCodes(markdown: string): string[] {
  const out: string[] = [];
  for (const line of markdown.split("\n")) {
    if (!line.startsWith("|") || /^\|\s*-/.test(line)) continue;
    const cell = line.split("|")[1] ?? "";
    for (const m of cell.matchAll(/`([^`]+)`/g)) out.push(m[1]);
  }
  return out;
}

/** Repository source files (TypeScript), without dependencies and runtime data. */
function sourceFiles(dir = ROOT): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".") || entry.name === "test-output") continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (entry.name.endsWith(".ts") && path !== import.meta.path) out.push(path);
  }
  return out;
}

/**
 * Every environment variable the code reads: the keys of the system's zod schema (cli/config.ts,
 * including the spread-in ingestion keys), the upper-case keys of any other zod schema parsed
 * from an env record (sql/config.ts), and every `process.env.X` / `Bun.env.X` in the sources.
 */
function envVarsInCode(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const add = (name: string, where: string) => {
    if (OS_VARIABLES.has(name)) return;
    found.set(name, [...(found.get(name) ?? []), where]);
  };
  for (const key of Object.keys(envSchema.shape)) add(key, "cli/config.ts envSchema");
  for (const file of sourceFiles()) {
    const text = readFileSync(file, "utf8");
    const where = relative(ROOT, file);
    for (const m of text.matchAll(/\b(?:process\.env|Bun\.env)(?:\.([A-Z][A-Z0-9_]+)|\[\s*["']([A-Z][A-Z0-9_]+)["']\s*\])/g)) {
      add(m[1] ?? m[2], where);
    }
    // A module that parses an env record with a zod object: its upper-case keys are variables.
    if (/\(env: Record<string, string \| undefined>/.test(text) && /z\.object\(/.test(text)) {
      for (const m of text.matchAll(/^\s+([A-Z][A-Z0-9_]+):\s*(?:z\.|[a-z]\w*[.(,])/gm)) add(m[1], `${where} (zod)`);
    }
  }
  return found;
}

describe("docs/operations.md", () => {
  const ops = read("docs/operations.md");

  test("the source list names every adapter of the registry, and nothing else", () => {
    const listed = firstCellCodes(section(ops, "sources"));
    const registered = Object.keys(adapters);
    expect(registered.length).toBeGreaterThanOrEqual(10);
    expect(new Set(listed).size).toBe(listed.length); // no id twice
    const missing = registered.filter((id) => !listed.includes(id));
    expect(missing).toEqual([]);
    const unknown = listed.filter((id) => !registered.includes(id));
    expect(unknown).toEqual([]);
  });

  test("the configuration tables list exactly the environment variables the code reads", () => {
    const code = envVarsInCode();
    // The extraction itself must work: a broken pattern must not pass on an empty set.
    expect(code.size).toBeGreaterThanOrEqual(40);
    for (const known of ["NATS_URL", "DATABASE_URL", "PGLITE_DIR", "API_KEYS", "SCHEDULES", "TEST_ADMIN_DATABASE_URL", "SHARED_DATA", "NATS_SERVER_BIN"]) {
      expect(code.has(known)).toBe(true);
    }
    const documented = new Set(firstCellCodes(section(ops, "env")).filter((c) => /^[A-Z][A-Z0-9_]+$/.test(c)));
    const undocumented = [...code.keys()].filter((v) => !documented.has(v)).map((v) => `${v} (${code.get(v)!.join(", ")})`);
    expect(undocumented).toEqual([]);
    const notInCode = [...documented].filter((v) => !code.has(v));
    expect(notInCode).toEqual([]);
  });
});

describe("README.md", () => {
  const readme = read("README.md");

  test("stays a front door", () => {
    expect(readme.split("\n").length).toBeLessThanOrEqual(210);
  });

  test("the route table lists exactly the gateway's routes", () => {
    const app = testApp(fakeMesh());
    const served = new Set(app.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path}`));
    expect(served.size).toBeGreaterThanOrEqual(15);
    expect(served.has("GET /v1/risk")).toBe(true);
    const listed = firstCellCodes(section(readme, "routes")).filter((c) => /^(GET|POST|PUT|PATCH|DELETE) \//.test(c));
    expect(listed.filter((r) => !served.has(r))).toEqual([]);
    expect([...served].filter((r) => !listed.includes(r))).toEqual([]);
  });
});

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces → '-'. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");

function anchorsOf(markdown: string): Set<string> {
  const text = markdown.replace(/```[\s\S]*?```/g, "");
  return new Set([...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => slug(m[1])));
}

describe("links", () => {
  const pages = [
    "README.md",
    ...readdirSync(join(ROOT, "docs"))
      .filter((n) => n.endsWith(".md"))
      .map((n) => `docs/${n}`),
  ];

  test("every relative link of README.md and docs/*.md points to a file (and heading) of the repository", () => {
    expect(pages.length).toBeGreaterThanOrEqual(7);
    const broken: string[] = [];
    let checked = 0;
    for (const page of pages) {
      // Inline links and images, without the code blocks (which may contain brackets).
      const text = read(page).replace(/```[\s\S]*?```/g, "");
      for (const m of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
        const target = m[1];
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // URL, mailto
        if (target.startsWith("#")) {
          if (!anchorsOf(read(page)).has(target.slice(1))) broken.push(`${page} → ${target} (no such heading)`);
          continue;
        }
        const [file, anchor] = decodeURI(target).split("#");
        const path = relative(ROOT, resolve(dirname(join(ROOT, page)), file));
        checked++;
        if (PENDING_DOCS.includes(path)) continue;
        if (!existsSync(join(ROOT, path))) broken.push(`${page} → ${target}`);
        else if (anchor !== undefined && path.endsWith(".md") && !anchorsOf(read(path)).has(anchor)) broken.push(`${page} → ${target} (no such heading)`);
      }
    }
    expect(checked).toBeGreaterThanOrEqual(10);
    expect(broken).toEqual([]);
  });
});
