// Runs the gateway over HTTP (Bun.serve) on a mesh connection.
import type { Mesh } from "../mesh/mod.ts";
import { silentLogger, type Logger } from "../mesh/logger.ts";
import { createApp } from "./app.ts";
import { createMeshPort } from "./meshPort.ts";

export interface Gateway {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function startGateway(opts: {
  mesh: Mesh;
  port: number;
  hostname?: string;
  requestTimeoutMs: number;
  logger?: Logger;
}): Promise<Gateway> {
  const log = opts.logger ?? silentLogger;
  const app = createApp({ mesh: createMeshPort(opts.mesh), requestTimeoutMs: opts.requestTimeoutMs });
  const server = Bun.serve({ port: opts.port, hostname: opts.hostname ?? "0.0.0.0", fetch: app.fetch });
  const host = opts.hostname && opts.hostname !== "0.0.0.0" ? opts.hostname : "127.0.0.1";
  const url = `http://${host}:${server.port}`;
  log.info({ url }, "gateway listening");
  return {
    url,
    port: server.port!,
    async stop() {
      await server.stop(true);
    },
  };
}
