// `?wait=N` is documented up to 60 s: the HTTP server must keep a silent connection open
// longer than Bun's default idle timeout (10 s), or the client sees the connection close
// (in Bun 1.4 a request without a body, like GET /v1/jobs/:id, is the one that is cut).
import { afterAll, beforeAll, expect, test } from "bun:test";
import { connect } from "node:net";
import { connectTestMesh, deleteContractStreams, uniqueContract } from "../mesh/testSupport.ts";
import { ensureStreams, type Mesh } from "../mesh/mod.ts";
import { createApiKeyVerifier } from "./auth/apiKeys.ts";
import { startGateway, type Gateway } from "./main.ts";

const KEY = "long-poll-key";
let mesh: Mesh;
let gateway: Gateway;

beforeAll(async () => {
  mesh = await connectTestMesh(uniqueContract("longpoll"));
  await ensureStreams(mesh);
  gateway = await startGateway({ mesh, port: 0, hostname: "127.0.0.1", requestTimeoutMs: 2_000, apiKeys: createApiKeyVerifier({ keys: [KEY] }) });
});

afterAll(async () => {
  await gateway?.stop();
  await deleteContractStreams(mesh);
  await mesh.close();
});

/**
 * One HTTP/1.1 request on a raw socket: the status line, or "closed" when the server hangs
 * up first. (Bun's fetch resends a request whose connection closed, which would hide the cut.)
 */
function rawRequest(url: string, method: string, path: string, headers: Record<string, string>, body = ""): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    let got = "";
    const sock = connect({ host: hostname, port: Number(port) }, () => {
      const head = Object.entries({ ...headers, host: `${hostname}:${port}`, "content-length": String(Buffer.byteLength(body)), connection: "close" })
        .map(([k, v]) => `${k}: ${v}`)
        .join("\r\n");
      sock.write(`${method} ${path} HTTP/1.1\r\n${head}\r\n\r\n${body}`);
    });
    sock.on("data", (d) => (got += d.toString("utf8")));
    sock.on("error", reject);
    sock.on("close", () => resolve(got === "" ? "closed" : got.split("\r\n")[0]!));
  });
}

test("GET /v1/jobs/:id?wait longer than 10 s is answered (200, still queued: no worker runs), not cut", async () => {
  const auth = { authorization: `Bearer ${KEY}` };
  const submitted = await fetch(`${gateway.url}/v1/ingest`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify({ source: "jhu-us-cases", url: "https://raw.githubusercontent.com/x/y.csv" }),
  });
  expect(submitted.status).toBe(202);
  const { jobId } = (await submitted.json()) as { jobId: string };
  // No covid-data worker: the job stays queued, so the gateway waits the whole 12 s, silent.
  expect(await rawRequest(gateway.url, "GET", `/v1/jobs/${jobId}?wait=12`, auth)).toBe("HTTP/1.1 200 OK");
}, 60_000);
