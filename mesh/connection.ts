// One NATS connection per service instance. It reconnects forever: a broker restart must
// never take a service down, only pause it.
import { hostname } from "node:os";
import { connect, type NatsConnection, type Status } from "@nats-io/transport-node";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { MeshConnectError } from "./errors.ts";
import { inboxPrefixOf, splitNatsCredentials } from "./natsUrl.ts";
import { silentLogger, type Logger } from "./logger.ts";
import type { Contract } from "./subjects.ts";
import type { Mesh } from "./types.ts";

export interface ReconnectOptions {
  /** Wait between attempts, ms (default 300). */
  timeWaitMs?: number;
  /** -1 = forever (default). */
  maxAttempts?: number;
  /** Keep trying when the server is not up yet at start (default false: fail fast). */
  waitOnFirstConnect?: boolean;
}

export interface ConnectMeshOptions {
  servers: string | string[];
  /** Connection name shown by the server; also the default envelope source prefix. */
  name: string;
  contract: Contract;
  /** Envelope `source`; default `<name>@<host>/<pid>`. */
  source?: string;
  reconnect?: ReconnectOptions;
  /** Called on every connection status change (disconnect, reconnect, errors...). */
  onStatus?: (status: Status) => void;
  logger?: Logger;
  /** JetStream API timeout, ms (default 5000). */
  jsTimeoutMs?: number;
  /** close() gives up draining after this long and closes hard (default 5000). */
  drainTimeoutMs?: number;
  /** Client ping interval, ms: how fast a silently dead server is noticed (default 10000). */
  pingIntervalMs?: number;
  /** JetStream replicas for what this instance provisions (see Mesh.replicas). */
  replicas?: number;
  /** This service's NATS user (NATS_USER / NATS_PASSWORD); credentials in a URL do as well. */
  user?: string;
  pass?: string;
}

/** Whether each connection is linked to a server now (false between disconnect and reconnect). */
const linked = new WeakMap<NatsConnection, boolean>();

/**
 * True unless the connection is closed or currently reconnecting. Callers on a synchronous path
 * (the gateway) fail fast on false instead of waiting out their deadline for a reply that
 * cannot come. Connections not made by connectMesh count as linked.
 */
export function isLinked(nc: NatsConnection): boolean {
  return !nc.isClosed() && linked.get(nc) !== false;
}

export async function connectMesh(opts: ConnectMeshOptions): Promise<Mesh> {
  const logger = opts.logger ?? silentLogger;
  const reconnect = opts.reconnect ?? {};
  let nc: NatsConnection;
  // Credentials in the URLs (nats://user:pass@host) become user/pass: the client ignores them there.
  const fromUrl = splitNatsCredentials(opts.servers);
  const servers = fromUrl.servers;
  if (opts.user !== undefined && fromUrl.user !== undefined && (opts.user !== fromUrl.user || opts.pass !== fromUrl.pass)) {
    throw new MeshConnectError("NATS_USER/NATS_PASSWORD and the credentials in NATS_URL differ; give one of them");
  }
  const user = opts.user ?? fromUrl.user;
  const pass = opts.user !== undefined ? (opts.pass ?? "") : fromUrl.pass;
  const shown = servers.join(",");
  try {
    nc = await connect({
      servers,
      ...(user !== undefined ? { user, pass, inboxPrefix: inboxPrefixOf(user) } : {}),
      name: opts.name,
      maxReconnectAttempts: reconnect.maxAttempts ?? -1,
      reconnectTimeWait: reconnect.timeWaitMs ?? 300,
      waitOnFirstConnect: reconnect.waitOnFirstConnect ?? false,
      pingInterval: opts.pingIntervalMs ?? 10_000,
      // No Error (and stack capture) per request for a trace nobody reads: request() turns every
      // failure into a named MeshError with its subject anyway.
      noAsyncTraces: true,
    });
  } catch (err) {
    throw new MeshConnectError(`cannot connect to NATS at ${shown}: ${(err as Error).message}`, {
      cause: err,
    });
  }

  watchStatus(nc, logger, opts.onStatus);

  let jsm;
  try {
    jsm = await jetstreamManager(nc, { timeout: opts.jsTimeoutMs ?? 5000 });
  } catch (err) {
    await nc.close().catch(() => {});
    throw new MeshConnectError(`JetStream is not available at ${shown}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  const js = jetstream(nc, { timeout: opts.jsTimeoutMs ?? 5000 });

  const drainTimeoutMs = opts.drainTimeoutMs ?? 5000;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => (closing ??= drainOrClose(nc, drainTimeoutMs, logger));

  return {
    nc,
    js,
    jsm,
    contract: opts.contract,
    source: opts.source ?? `${opts.name}@${hostname()}/${process.pid}`,
    ...(opts.replicas !== undefined ? { replicas: opts.replicas } : {}),
    close,
  };
}

function watchStatus(nc: NatsConnection, logger: Logger, onStatus?: (s: Status) => void): void {
  linked.set(nc, true);
  (async () => {
    for await (const s of nc.status()) {
      if (s.type === "disconnect") linked.set(nc, false);
      else if (s.type === "reconnect") linked.set(nc, true);
      if (s.type === "disconnect" || s.type === "reconnect") logger.warn({ status: s }, `nats ${s.type}`);
      else if (s.type !== "ping" && s.type !== "reconnecting") logger.debug({ status: s }, `nats ${s.type}`);
      try {
        onStatus?.(s);
      } catch (err) {
        logger.error({ err }, "onStatus callback threw");
      }
    }
  })().catch((err) => logger.error({ err }, "status watcher stopped"));
}

/** Drain lets in-flight handlers finish and flushes publishes; a dead server must not hang it. */
async function drainOrClose(nc: NatsConnection, timeoutMs: number, logger: Logger): Promise<void> {
  if (nc.isClosed()) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), timeoutMs)));
  try {
    const result = await Promise.race([nc.drain().then(() => "drained" as const), timedOut]);
    if (result === "timeout") {
      logger.warn({ timeoutMs }, "nats drain timed out; closing");
      await nc.close();
    }
  } catch (err) {
    // Draining an already closing connection throws; closing is what we wanted anyway.
    if (!nc.isClosed()) {
      logger.warn({ err }, "nats drain failed; closing");
      await nc.close().catch(() => {});
    }
  } finally {
    clearTimeout(timer);
  }
  await nc.closed();
}
