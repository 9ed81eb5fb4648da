import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkSource } from "./sourceCheck.ts";
import { SourceCheckError } from "./errors.ts";

// A tiny publisher: serves one body with an ETag, honours If-None-Match, counts requests.
let body = "date,cases\n2020-01-01,1\n";
let etag = '"v1"';
let withValidators = true;
const seen: Array<{ ifNoneMatch: string | null }> = [];
let server: ReturnType<typeof Bun.serve>;
let url: string;

beforeAll(() => {
  server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch(req) {
      seen.push({ ifNoneMatch: req.headers.get("if-none-match") });
      if (new URL(req.url).pathname === "/missing") return new Response("no", { status: 404 });
      if (withValidators && req.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers: { etag } });
      return new Response(body, { headers: withValidators ? { etag } : {} });
    },
  });
  url = `http://127.0.0.1:${server.port}/data.csv`;
});

afterAll(() => server.stop(true));

describe("source change check", () => {
  test("an unchanged URL costs one conditional request answered 304; a change is seen", async () => {
    seen.length = 0;
    const first = await checkSource({ url }, null);
    expect(first.changed).toBe(true);
    expect(first.version.etag).toBe('"v1"');

    const again = await checkSource({ url }, first.version);
    expect(again.changed).toBe(false);
    expect(seen).toEqual([{ ifNoneMatch: null }, { ifNoneMatch: '"v1"' }]);

    etag = '"v2"';
    body += "2020-01-02,3\n";
    const changed = await checkSource({ url }, again.version);
    expect(changed.changed).toBe(true);
    expect(changed.version.etag).toBe('"v2"');
  });

  test("without validators the content hash decides", async () => {
    withValidators = false;
    try {
      const a = await checkSource({ url }, null);
      const b = await checkSource({ url }, a.version);
      expect(a.version.fingerprint).toStartWith("sha256:");
      expect(b.changed).toBe(false);
      body += "2020-01-03,4\n";
      expect((await checkSource({ url }, b.version)).changed).toBe(true);
    } finally {
      withValidators = true;
    }
  });

  test("a file changes when its size or mtime does", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "covidmesh-poll-")), "x.csv");
    writeFileSync(file, "a\n");
    utimesSync(file, new Date("2024-01-01T00:00:00Z"), new Date("2024-01-01T00:00:00Z"));
    const a = await checkSource({ file }, null);
    expect((await checkSource({ file }, a.version)).changed).toBe(false);
    utimesSync(file, new Date("2024-01-02T00:00:00Z"), new Date("2024-01-02T00:00:00Z"));
    expect((await checkSource({ file }, a.version)).changed).toBe(true);
  });

  test("HTTP errors and missing files are named errors", async () => {
    const err = await checkSource({ url: url.replace("/data.csv", "/missing") }, null).catch((e) => e);
    expect(err).toBeInstanceOf(SourceCheckError);
    expect(err.status).toBe(404);
    await expect(checkSource({ file: "/nonexistent/covid.csv" }, null)).rejects.toBeInstanceOf(SourceCheckError);
  });
});
