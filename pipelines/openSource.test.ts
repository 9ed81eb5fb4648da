import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gunzipSync } from "node:zlib";
import { SourceDecodeError, SourceFetchError, SourceNotFoundError, SourceSpecError } from "./errors.ts";
import { openSource } from "./openSource.ts";
import { SAMPLE_LOOKUP as LOOKUP } from "./testSupport.ts";
import type { OpenedSource } from "./types.ts";

const gz = readFileSync(LOOKUP);
const plain = gunzipSync(gz);

async function readAll(src: OpenedSource): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of src.stream) parts.push(chunk);
  return Buffer.concat(parts);
}

let dir = "";
const conditionalHeaders: (string | null)[][] = [];
let server: ReturnType<typeof Bun.serve>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "covid-mesh-src-"));
  writeFileSync(join(dir, "lookup.csv"), plain);
  writeFileSync(join(dir, "lookup.csv.gz"), gz);
  // Named .csv but gzipped: detection must go by the magic bytes, not the name.
  writeFileSync(join(dir, "disguised.csv"), gz);
  writeFileSync(join(dir, "cut.csv.gz"), gz.subarray(0, Math.floor(gz.length / 2)));
  writeFileSync(join(dir, "empty.csv"), "");
  server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch(req) {
      const path = new URL(req.url).pathname;
      if (path === "/lookup.csv.gz") return new Response(gz, { headers: { etag: '"v1"', "last-modified": "Wed, 01 Apr 2022 00:00:00 GMT" } });
      if (path === "/conditional.csv.gz") {
        conditionalHeaders.push([req.headers.get("if-none-match"), req.headers.get("if-modified-since")]);
        const fresh = req.headers.get("if-none-match") === '"v1"' || req.headers.get("if-modified-since") === "Wed, 01 Apr 2022 00:00:00 GMT";
        return fresh ? new Response(null, { status: 304 }) : new Response(gz, { headers: { etag: '"v1"', "last-modified": "Wed, 01 Apr 2022 00:00:00 GMT" } });
      }
      if (path === "/dribble.gz") {
        // First chunk is a single byte: the magic-number peek must wait for the second.
        let step = 0;
        const stream = new ReadableStream<Uint8Array>({
          pull(ctrl) {
            if (step === 0) ctrl.enqueue(gz.subarray(0, 1));
            else if (step === 1) ctrl.enqueue(gz.subarray(1));
            else ctrl.close();
            step++;
          },
        });
        return new Response(stream);
      }
      if (path === "/gone") return new Response("no", { status: 404 });
      return new Response("boom", { status: 503, statusText: "Service Unavailable" });
    },
  });
});

afterAll(() => {
  server?.stop(true);
  rmSync(dir, { recursive: true, force: true });
});

describe("openSource", () => {
  test("plain and gzipped files give the same bytes; bytesRead counts source bytes", async () => {
    const a = await openSource({ file: join(dir, "lookup.csv") });
    const b = await openSource({ file: join(dir, "lookup.csv.gz") });
    expect(a.gzip).toBe(false);
    expect(b.gzip).toBe(true);
    expect((await readAll(a)).equals(plain)).toBe(true);
    expect((await readAll(b)).equals(plain)).toBe(true);
    expect(a.bytesRead()).toBe(plain.length);
    expect(b.bytesRead()).toBe(gz.length);
    expect(b.etag).toMatch(/^".+-.+"$/);
    expect(typeof b.lastModified).toBe("string");
  });

  test("gzip is detected by magic bytes, not by name; file: URLs work", async () => {
    const src = await openSource({ url: pathToFileURL(join(dir, "disguised.csv")).toString() });
    expect(src.gzip).toBe(true);
    expect((await readAll(src)).equals(plain)).toBe(true);
  });

  test("HTTP: streamed, gunzipped, with etag and last-modified", async () => {
    const src = await openSource({ url: `http://127.0.0.1:${server.port}/lookup.csv.gz` });
    expect((await readAll(src)).equals(plain)).toBe(true);
    expect(src.etag).toBe('"v1"');
    expect(src.lastModified).toBe("Wed, 01 Apr 2022 00:00:00 GMT");
    expect(src.bytesRead()).toBe(gz.length);
    const dribble = await openSource({ url: `http://127.0.0.1:${server.port}/dribble.gz` });
    expect(dribble.gzip).toBe(true);
    expect((await readAll(dribble)).equals(plain)).toBe(true);
  });

  test("HTTP: validators make the request conditional; 304 is an empty, not-modified source", async () => {
    const url = `${server.url}conditional.csv.gz`;
    const first = await openSource({ url });
    expect(first.notModified).toBe(false);
    expect((await readAll(first)).equals(plain)).toBe(true);
    const again = await openSource({ url }, { validators: { etag: first.etag!, lastModified: first.lastModified! } });
    expect(again.notModified).toBe(true);
    expect(again.etag).toBe('"v1"'); // a 304 without validators keeps the ones sent
    expect((await readAll(again)).length).toBe(0);
    expect(again.bytesRead()).toBe(0);
    const byDate = await openSource({ url }, { validators: { etag: null, lastModified: "Wed, 01 Apr 2022 00:00:00 GMT" } });
    expect(byDate.notModified).toBe(true);
    const stale = await openSource({ url }, { validators: { etag: '"v0"', lastModified: null } });
    expect(stale.notModified).toBe(false);
    await readAll(stale);
    expect(conditionalHeaders).toEqual([
      [null, null],
      ['"v1"', "Wed, 01 Apr 2022 00:00:00 GMT"],
      [null, "Wed, 01 Apr 2022 00:00:00 GMT"],
      ['"v0"', null],
    ]);
  });

  test("HTTP errors are named and carry the status", async () => {
    const gone = openSource({ url: `http://127.0.0.1:${server.port}/gone` });
    await expect(gone).rejects.toBeInstanceOf(SourceNotFoundError);
    await expect(gone).rejects.toMatchObject({ status: 404 });
    const down = openSource({ url: `http://127.0.0.1:${server.port}/down` });
    await expect(down).rejects.toBeInstanceOf(SourceFetchError);
    await expect(down).rejects.toMatchObject({ status: 503 });
  });

  test("missing file, bad spec and a cut gzip are named errors", async () => {
    await expect(openSource({ file: join(dir, "nope.csv") })).rejects.toBeInstanceOf(SourceNotFoundError);
    await expect(openSource({})).rejects.toBeInstanceOf(SourceSpecError);
    await expect(openSource({ file: "a", url: "http://x/" })).rejects.toBeInstanceOf(SourceSpecError);
    await expect(openSource({ url: "ftp://example.com/x.csv" })).rejects.toBeInstanceOf(SourceSpecError);
    const cut = await openSource({ file: join(dir, "cut.csv.gz") });
    await expect(readAll(cut)).rejects.toBeInstanceOf(SourceDecodeError);
  });

  test("an empty file is an empty stream; an aborted read stops", async () => {
    const empty = await openSource({ file: join(dir, "empty.csv") });
    expect((await readAll(empty)).length).toBe(0);
    const ctrl = new AbortController();
    const src = await openSource({ file: join(dir, "lookup.csv") }, { signal: ctrl.signal });
    const read = async () => {
      for await (const _ of src.stream) ctrl.abort();
    };
    await expect(read()).rejects.toMatchObject({ name: "AbortError" });
  });
});
