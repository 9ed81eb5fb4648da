import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, utimesSync, writeFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SourceNotAllowedError, SourceTimeoutError, sourceFetchPolicy, type FetchPolicy } from "../../pipelines/mod.ts";
import { checkSource } from "./sourceCheck.ts";
import { SourceCheckError } from "./errors.ts";

// The test publisher listens on loopback: trusted here, as FETCH_ALLOWED_HOSTS=127.0.0.1 would.
const LOOPBACK: FetchPolicy = sourceFetchPolicy("nyt-us-states", { trustedHosts: ["127.0.0.1"] });
const policy = { policy: LOOPBACK };

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
      const path = new URL(req.url).pathname;
      // Redirects to where a check must not go: another loopback name, the cloud metadata address.
      if (path === "/to-localhost") return Response.redirect(`http://localhost:${server.port}/data.csv`, 302);
      if (path === "/to-metadata") return Response.redirect("http://169.254.169.254/latest/meta-data/", 302);
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
    const first = await checkSource({ url }, null, policy);
    expect(first.changed).toBe(true);
    expect(first.version.etag).toBe('"v1"');

    const again = await checkSource({ url }, first.version, policy);
    expect(again.changed).toBe(false);
    expect(seen).toEqual([{ ifNoneMatch: null }, { ifNoneMatch: '"v1"' }]);

    etag = '"v2"';
    body += "2020-01-02,3\n";
    const changed = await checkSource({ url }, again.version, policy);
    expect(changed.changed).toBe(true);
    expect(changed.version.etag).toBe('"v2"');
  });

  test("without validators the content hash decides", async () => {
    withValidators = false;
    try {
      const a = await checkSource({ url }, null, policy);
      const b = await checkSource({ url }, a.version, policy);
      expect(a.version.fingerprint).toStartWith("sha256:");
      expect(b.changed).toBe(false);
      body += "2020-01-03,4\n";
      expect((await checkSource({ url }, b.version, policy)).changed).toBe(true);
    } finally {
      withValidators = true;
    }
  });

  test("a file changes when its size or mtime does", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "covidmesh-poll-")), "x.csv");
    writeFileSync(file, "a\n");
    utimesSync(file, new Date("2024-01-01T00:00:00Z"), new Date("2024-01-01T00:00:00Z"));
    const a = await checkSource({ file }, null, policy);
    expect((await checkSource({ file }, a.version, policy)).changed).toBe(false);
    utimesSync(file, new Date("2024-01-02T00:00:00Z"), new Date("2024-01-02T00:00:00Z"));
    expect((await checkSource({ file }, a.version, policy)).changed).toBe(true);
  });

  test("HTTP errors and missing files are named errors", async () => {
    const err = await checkSource({ url: url.replace("/data.csv", "/missing") }, null, policy).catch((e) => e);
    expect(err).toBeInstanceOf(SourceCheckError);
    expect(err.status).toBe(404);
    await expect(checkSource({ file: "/nonexistent/covid.csv" }, null, policy)).rejects.toBeInstanceOf(SourceCheckError);
  });
});

// A server that accepts connections and never answers.
let hung: Server;
const hungSockets: Socket[] = [];
beforeAll(async () => {
  hung = createServer((sock) => void hungSockets.push(sock));
  await new Promise<void>((resolve) => hung.listen(0, "127.0.0.1", resolve));
});
afterAll(() => {
  for (const s of hungSockets) s.destroy();
  hung.close();
});

/** The check's error, with the class of its cause. */
async function refusal(p: Promise<unknown>): Promise<{ err: SourceCheckError; cause: unknown }> {
  const err = await p.then(
    () => {
      throw new Error("the check was expected to fail");
    },
    (e) => e,
  );
  expect(err).toBeInstanceOf(SourceCheckError);
  return { err, cause: (err as Error).cause };
}

describe("change checks go through the fetch policy", () => {
  test("a host that is not on the source's allow-list is refused before any request", async () => {
    seen.length = 0;
    // Production default: the registry's hosts of nyt-us-states only (GitHub raw), nothing trusted.
    const { cause } = await refusal(checkSource({ url }, null, { policy: sourceFetchPolicy("nyt-us-states") }));
    expect(cause).toBeInstanceOf(SourceNotAllowedError);
    expect(seen).toEqual([]);
  });

  test("an allowed name that resolves to a private address is refused before any request", async () => {
    seen.length = 0;
    const mirror: FetchPolicy = {
      ...sourceFetchPolicy("nyt-us-states", { sourceHosts: { "nyt-us-states": ["mirror.example.org"] } }),
      lookup: async () => [{ address: "127.0.0.1", family: 4 }],
    };
    const { cause } = await refusal(checkSource({ url: `http://mirror.example.org:${server.port}/data.csv` }, null, { policy: mirror }));
    expect(cause).toBeInstanceOf(SourceNotAllowedError);
    expect(seen).toEqual([]);
  });

  test("redirects are checked at every hop: to an untrusted name or to the metadata address, refused", async () => {
    seen.length = 0;
    const toLocalhost = await refusal(checkSource({ url: url.replace("/data.csv", "/to-localhost") }, null, policy));
    expect(toLocalhost.cause).toBeInstanceOf(SourceNotAllowedError);
    const toMetadata = await refusal(checkSource({ url: url.replace("/data.csv", "/to-metadata") }, null, policy));
    expect(toMetadata.cause).toBeInstanceOf(SourceNotAllowedError);
    // Only the two first hops reached the publisher; the redirect targets were never asked.
    expect(seen).toHaveLength(2);
  });

  test("a server that never answers fails the check after the policy's header timeout, not the 30 s check deadline", async () => {
    const port = (hung.address() as { port: number }).port;
    const slowPolicy: FetchPolicy = { ...LOOPBACK, headersTimeoutMs: 300 };
    const started = performance.now();
    const { cause } = await refusal(checkSource({ url: `http://127.0.0.1:${port}/data.csv` }, null, { policy: slowPolicy }));
    const elapsed = performance.now() - started;
    expect(cause).toBeInstanceOf(SourceTimeoutError);
    expect(elapsed).toBeLessThan(5_000);
  });
});
