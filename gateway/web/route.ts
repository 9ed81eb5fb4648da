// The web page at `/`: static HTML/CSS, the client bundled from TypeScript by Bun.build on first
// request (no build step, no CDN), and the us-atlas boundaries the map draws, all from this server.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { GatewayEnv } from "../context.ts";
import { ProblemError } from "../problem.ts";
import { bundleClient } from "./bundle.ts";

const require = createRequire(import.meta.url);
const PAGE_DIR = join(import.meta.dir, "page");
const US_ATLAS = dirname(require.resolve("us-atlas/package.json"));

interface Asset {
  body: Uint8Array;
  gzip: Uint8Array;
  type: string;
  etag: string;
}

const assets = new Map<string, Promise<Asset>>();

function asset(name: string, type: string, load: () => Promise<string | Uint8Array>): Promise<Asset> {
  let p = assets.get(name);
  if (!p) {
    p = load().then((content) => {
      const body = typeof content === "string" ? new TextEncoder().encode(content) : content;
      return { body, gzip: Bun.gzipSync(body as Uint8Array<ArrayBuffer>), type, etag: `"${Bun.hash(body).toString(36)}"` };
    });
    // A failed load (e.g. a bundling error) is retried on the next request rather than cached.
    p.catch(() => assets.delete(name));
    assets.set(name, p);
  }
  return p;
}

async function send(c: Context, a: Asset, maxAge: number): Promise<Response> {
  const headers: Record<string, string> = { "content-type": a.type, etag: a.etag, "cache-control": `public, max-age=${maxAge}`, vary: "accept-encoding" };
  if (c.req.header("if-none-match") === a.etag) return c.body(null, 304, headers);
  if ((c.req.header("accept-encoding") ?? "").includes("gzip")) {
    headers["content-encoding"] = "gzip";
    return c.body(a.gzip as Uint8Array<ArrayBuffer>, 200, headers);
  }
  return c.body(a.body as Uint8Array<ArrayBuffer>, 200, headers);
}

const file = (path: string) => () => Bun.file(path).bytes();

const ROUTES: Record<string, { type: string; maxAge: number; load: () => Promise<string | Uint8Array> }> = {
  "/": { type: "text/html; charset=UTF-8", maxAge: 0, load: file(join(PAGE_DIR, "index.html")) },
  "/app.css": { type: "text/css; charset=UTF-8", maxAge: 300, load: file(join(PAGE_DIR, "styles.css")) },
  "/app.js": { type: "text/javascript; charset=UTF-8", maxAge: 300, load: bundleClient },
  // Counties and states pre-projected to Albers USA (975×610) by us-atlas: the browser only draws.
  "/geo/us-albers.json": { type: "application/json", maxAge: 86400, load: file(join(US_ATLAS, "counties-albers-10m.json")) },
};

export function registerWebRoutes(app: OpenAPIHono<GatewayEnv>): void {
  for (const [path, r] of Object.entries(ROUTES)) {
    app.get(path, async (c) => {
      let a: Asset;
      try {
        a = await asset(path, r.type, r.load);
      } catch (err) {
        throw new ProblemError(500, "Internal Server Error", `the page asset ${path} could not be built`, {}, {}, { cause: err });
      }
      return send(c, a, r.maxAge);
    });
  }
}
