// Fetching under a policy: allow-listed hosts only, no private/loopback address after DNS at
// any redirect hop, and a server that never answers (or stops sending) fails fast.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { SourceNotAllowedError, SourceTimeoutError } from "./fetchErrors.ts";
import { isPublicAddress, type FetchPolicy } from "./fetchPolicy.ts";
import { guardedFetch } from "./guardedFetch.ts";
import { openSource } from "./openSource.ts";

let server: ReturnType<typeof Bun.serve>;
const hits: string[] = [];
let base: string;

beforeAll(() => {
  server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(req) {
      const path = new URL(req.url).pathname;
      hits.push(`${req.headers.get("host")} ${path}`);
      if (path === "/ok.csv") return new Response("a,b\n1,2\n");
      if (path === "/to-metrics") return Response.redirect(`http://127.0.0.1:${server.port}/metrics`, 302);
      if (path === "/to-public-name") return Response.redirect(`http://mirror.example:${server.port}/metrics`, 302);
      if (path === "/to-ok") return Response.redirect("/ok.csv", 301);
      if (path === "/loop") return Response.redirect("/loop", 302);
      if (path === "/hang") return new Promise<Response>(() => {}); // never answers
      if (path === "/stall") {
        // Headers and a first chunk, then nothing, ever.
        const body = new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode("a,b\n")) });
        return new Response(body);
      }
      if (path === "/dribble") {
        // A byte every 100 ms, forever: never idle long enough for the read timeout.
        let timer: ReturnType<typeof setInterval>;
        const body = new ReadableStream({
          start: (c) => void (timer = setInterval(() => c.enqueue(new TextEncoder().encode(".")), 100)),
          cancel: () => clearInterval(timer),
        });
        return new Response(body);
      }
      if (path === "/metrics") return new Response("secret_metric 1\n");
      return new Response("no", { status: 404 });
    },
  });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(() => server?.stop(true));

const policy = (p: Partial<FetchPolicy> = {}): FetchPolicy => ({
  allowedHosts: [],
  trustedHosts: [],
  connectTimeoutMs: 2_000,
  headersTimeoutMs: 500,
  idleReadMs: 500,
  maxRedirects: 5,
  ...p,
});

async function text(url: string, p: FetchPolicy): Promise<string> {
  const { chunks } = await guardedFetch(new URL(url), p);
  let out = "";
  for await (const c of chunks()) out += new TextDecoder().decode(c);
  return out;
}

describe("guardedFetch", () => {
  test("non-public addresses are recognised, IPv4-mapped IPv6 included", () => {
    for (const a of ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "::"]) {
      expect([a, isPublicAddress(a)]).toEqual([a, false]);
    }
    for (const a of ["8.8.8.8", "140.82.112.3", "2606:4700::1111"]) expect([a, isPublicAddress(a)]).toEqual([a, true]);
    expect(isPublicAddress("not-an-ip")).toBe(false);
  });

  test("a host that is not on the source's allow-list is refused before any request", async () => {
    const before = hits.length;
    await expect(guardedFetch(new URL(`${base}/ok.csv`), policy())).rejects.toBeInstanceOf(SourceNotAllowedError);
    expect(hits.length).toBe(before);
  });

  test("an allowed name that resolves to a loopback address is refused after DNS", async () => {
    const p = policy({ allowedHosts: ["data.example"], lookup: async () => [{ address: "127.0.0.1", family: 4 }] });
    await expect(guardedFetch(new URL(`http://data.example:${server.port}/ok.csv`), p)).rejects.toThrow(/non-public address/);
  });

  test("an allowed IP literal in a private range is refused", async () => {
    await expect(guardedFetch(new URL(`${base}/ok.csv`), policy({ allowedHosts: ["127.0.0.1"] }))).rejects.toBeInstanceOf(SourceNotAllowedError);
  });

  test("a trusted host is fetched, and the connection goes to the address that was checked", async () => {
    const p = policy({ trustedHosts: ["mirror.local"], lookup: async () => [{ address: "127.0.0.1", family: 4 }] });
    expect(await text(`http://mirror.local:${server.port}/ok.csv`, p)).toBe("a,b\n1,2\n");
    expect(hits.at(-1)).toBe(`mirror.local:${server.port} /ok.csv`);
  });

  test("every redirect hop is checked: a redirect into the gateway's /metrics or to a name resolving inside is refused", async () => {
    // The first hop is trusted (a LAN mirror); where it redirects to is not.
    const p = policy({
      trustedHosts: ["mirror.local"],
      allowedHosts: ["mirror.example"],
      lookup: async () => [{ address: "127.0.0.1", family: 4 }],
    });
    const before = hits.filter((h) => h.endsWith("/metrics")).length;
    await expect(guardedFetch(new URL(`http://mirror.local:${server.port}/to-metrics`), p)).rejects.toBeInstanceOf(SourceNotAllowedError);
    await expect(guardedFetch(new URL(`http://mirror.local:${server.port}/to-public-name`), p)).rejects.toThrow(/non-public address/);
    expect(hits.filter((h) => h.endsWith("/metrics")).length).toBe(before);
    // A redirect that stays on an allowed host is followed.
    expect(await text(`${base}/to-ok`, policy({ trustedHosts: ["127.0.0.1"] }))).toBe("a,b\n1,2\n");
    await expect(guardedFetch(new URL(`${base}/loop`), policy({ trustedHosts: ["127.0.0.1"], maxRedirects: 3 }))).rejects.toThrow(/more than 3 redirects/);
  });

  test("a server that never answers fails with a headers timeout; one that stops sending, with a read timeout", async () => {
    const p = policy({ trustedHosts: ["127.0.0.1"] });
    const hung = await guardedFetch(new URL(`${base}/hang`), p).catch((e) => e);
    expect(hung).toBeInstanceOf(SourceTimeoutError);
    expect(hung.phase).toBe("headers");
    const stalled = await text(`${base}/stall`, p).catch((e) => e);
    expect(stalled).toBeInstanceOf(SourceTimeoutError);
    expect(stalled.phase).toBe("read");
  });

  test("the job's deadline (its signal) ends a source that dribbles forever", async () => {
    const deadline = new AbortController();
    // Header and idle timeouts far above the deadline: under a loaded CI machine a 100 ms dribble
    // can stall past 500 ms, and the deadline is what this test is about.
    const { chunks } = await guardedFetch(new URL(`${base}/dribble`), policy({ trustedHosts: ["127.0.0.1"], headersTimeoutMs: 10_000, idleReadMs: 10_000 }), {
      signal: deadline.signal,
    });
    setTimeout(() => deadline.abort(new SourceTimeoutError(`${base}/dribble`, "deadline", 600)), 600);
    let bytes = 0;
    const err = await (async () => {
      for await (const c of chunks()) bytes += c.length;
    })().catch((e) => e);
    expect(bytes).toBeGreaterThan(0);
    expect(err).toBeInstanceOf(SourceTimeoutError);
    expect(err.phase).toBe("deadline");
  });

  test("a refused connection is a SourceFetchError naming the code (the job shows only its category)", async () => {
    const closed = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("") });
    const port = closed.port;
    closed.stop(true);
    await expect(guardedFetch(new URL(`http://127.0.0.1:${port}/x`), policy({ trustedHosts: ["127.0.0.1"] }))).rejects.toMatchObject({ name: "SourceFetchError" });
  });

  test("openSource under a policy refuses file: URLs and reads an allowed URL", async () => {
    await expect(openSource({ url: "file:///etc/passwd" }, { fetch: policy() })).rejects.toBeInstanceOf(SourceNotAllowedError);
    const src = await openSource({ url: `${base}/ok.csv` }, { fetch: policy({ trustedHosts: ["127.0.0.1"] }) });
    let out = "";
    for await (const c of src.stream) out += new TextDecoder().decode(c);
    expect(out).toBe("a,b\n1,2\n");
  });
});
