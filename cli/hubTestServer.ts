// Test support for live mode: a loopback HTTP server standing in for GitHub raw. It serves the
// hub's paths with ETag and Last-Modified, answers conditional requests with 304, and can switch
// any path to a newer publication mid-test. Also writes one publication of the hub's admissions
// file from the vintages file (every weekly version, stacked).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

interface Published {
  body: Uint8Array<ArrayBuffer>;
  etag: string;
  lastModified: string;
}

export interface HubRequest {
  path: string;
  status: number;
  conditional: boolean;
}

export interface HubTestServer {
  /** Base URL to give LIVE_BASE_URL. */
  url: string;
  /** Publishes (or replaces) a file; the ETag is a digest of the body. */
  publish(path: string, body: Uint8Array | string, lastModified: Date): void;
  requests: HubRequest[];
  stop(): void;
}

export function startHubTestServer(): HubTestServer {
  const files = new Map<string, Published>();
  const requests: HubRequest[] = [];
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch(req) {
      const path = new URL(req.url).pathname.replace(/^\/+/, "");
      const inm = req.headers.get("if-none-match");
      const ims = req.headers.get("if-modified-since");
      const f = files.get(path);
      const log = (status: number) => requests.push({ path, status, conditional: inm !== null || ims !== null });
      if (!f) {
        log(404);
        return new Response("404: Not Found", { status: 404 });
      }
      const headers = { etag: f.etag, "last-modified": f.lastModified };
      // RFC 9110 §13.2.2: If-None-Match, when present, decides; If-Modified-Since only without it.
      const fresh = inm !== null ? inm.split(",").some((t) => t.trim() === f.etag || t.trim() === "*") : ims !== null && Date.parse(f.lastModified) <= Date.parse(ims);
      if (fresh) {
        log(304);
        return new Response(null, { status: 304, headers });
      }
      log(200);
      return new Response(f.body, { headers: { ...headers, "content-type": "application/octet-stream" } });
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}`,
    publish(path, body, lastModified) {
      const bytes = new Uint8Array(typeof body === "string" ? new TextEncoder().encode(body) : body);
      const etag = `"${createHash("sha256").update(bytes).digest("hex").slice(0, 40)}"`;
      files.set(path, { body: bytes, etag, lastModified: lastModified.toUTCString() });
    },
    requests,
    stop: () => server.stop(true),
  };
}

/** Every as_of of the vintages file, oldest first, and one publication's rows in the hub's layout. */
export function readVintages(path: string): { asOfs: string[]; csv(asOf: string): string } {
  const lines = gunzipSync(readFileSync(path))
    .toString("utf8")
    .split(/\r?\n/)
    .filter((l) => l.length > 0);
  const header = lines[0].split(",");
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${path}: no column ${name}`);
    return i;
  };
  const [a, loc, st, end, val] = ["as_of", "location", "state", "target_end_date", "value"].map(col);
  const rows = lines.slice(1).map((l) => l.split(","));
  const asOfs = [...new Set(rows.map((r) => r[a]))].sort();
  return {
    asOfs,
    // The hub's current header (the file said `date` before it said `target_end_date`).
    csv: (asOf) => `${["state,target_end_date,value,location", ...rows.filter((r) => r[a] === asOf).map((r) => `${r[st]},${r[end]},${r[val]},${r[loc]}`)].join("\n")}\n`,
  };
}
