// File jobs under an ingest root: checked by real path in the worker, symlinks refused.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SourceNotFoundError } from "./errors.ts";
import { SourceNotAllowedError } from "./fetchErrors.ts";
import { fileInsideRoot } from "./fileRoot.ts";
import { openSource } from "./openSource.ts";

let dir: string;
let root: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "covidmesh-fileroot-"));
  root = join(dir, "root");
  mkdirSync(join(root, "jhu"), { recursive: true });
  writeFileSync(join(root, "jhu", "cases.csv"), "a,b\n1,2\n");
  writeFileSync(join(dir, "secret.txt"), "outside\n");
  // Inside the root, pointing outside: lexically inside, really not.
  symlinkSync(join(dir, "secret.txt"), join(root, "escape.csv"));
  symlinkSync(dir, join(root, "up"));
  // Pointing inside, still a link: refused too (the check cannot tell good links from bad).
  symlinkSync(join(root, "jhu", "cases.csv"), join(root, "alias.csv"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("fileInsideRoot", () => {
  test("a regular file inside the root is its real path", async () => {
    expect(await fileInsideRoot(join(root, "jhu", "cases.csv"), root)).toEndWith("/root/jhu/cases.csv");
    expect(await fileInsideRoot("jhu/cases.csv", root)).toEndWith("/root/jhu/cases.csv");
  });

  test("a symlink inside the root is refused, whether it leads outside or not", async () => {
    await expect(fileInsideRoot(join(root, "escape.csv"), root)).rejects.toBeInstanceOf(SourceNotAllowedError);
    await expect(fileInsideRoot(join(root, "up", "secret.txt"), root)).rejects.toBeInstanceOf(SourceNotAllowedError);
    await expect(fileInsideRoot(join(root, "alias.csv"), root)).rejects.toBeInstanceOf(SourceNotAllowedError);
  });

  test("paths outside the root, and missing files", async () => {
    await expect(fileInsideRoot(join(dir, "secret.txt"), root)).rejects.toBeInstanceOf(SourceNotAllowedError);
    await expect(fileInsideRoot("../secret.txt", root)).rejects.toBeInstanceOf(SourceNotAllowedError);
    await expect(fileInsideRoot(root, root)).rejects.toBeInstanceOf(SourceNotAllowedError);
    await expect(fileInsideRoot(join(root, "nope.csv"), root)).rejects.toBeInstanceOf(SourceNotFoundError);
  });

  test("openSource with a file root reads inside it and refuses the link out", async () => {
    const src = await openSource({ file: join(root, "jhu", "cases.csv") }, { fileRoot: root });
    let out = "";
    for await (const c of src.stream) out += new TextDecoder().decode(c);
    expect(out).toBe("a,b\n1,2\n");
    await expect(openSource({ file: join(root, "escape.csv") }, { fileRoot: root })).rejects.toBeInstanceOf(SourceNotAllowedError);
  });
});
