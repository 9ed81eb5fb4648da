// The reference point of the HTTP bench: a bare Hono route on Bun.serve, in its own process,
// answering a small constant JSON. Prints its URL on stdout, then serves until killed.
import { Hono } from "hono";

const app = new Hono();
app.get("/v1/risk", (c) => c.json({ ok: true }));
const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: app.fetch });
console.log(`http://127.0.0.1:${server.port}`);
