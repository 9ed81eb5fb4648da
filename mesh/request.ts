// Request/reply over core NATS with queue groups: the synchronous path (gateway → workers).
// Deadlines are the caller's; every failure comes back as a named MeshError.
import { errors as natsErrors, RequestError, type Msg } from "@nats-io/transport-node";
import { drainThenSettle } from "./drainSubscription.ts";
import { createEnvelope, decodeMessage, envelopeToHeaders, HEADER } from "./envelope.ts";
import { envelopeToCompactHeaders, hasCompactEnvelope } from "./envelope.ts";
import { isLinked } from "./connection.ts";
import { MeshClosedError, MeshDecodeError, MeshDisconnectedError, MeshNoRespondersError, MeshRemoteError, MeshTimeoutError } from "./errors.ts";
import { silentLogger, type Logger } from "./logger.ts";
import { remoteErrorDef, toRemoteErrorPayload } from "./remoteError.ts";
import { observeRequest, observeServe } from "./telemetry.ts";
import type { Envelope, MessageDef, Mesh, Received } from "./types.ts";
import { codecOf } from "./codecs/codecOf.ts";
import type { RemoteErrorPayload } from "../domain/mod.ts";

export interface RequestOptions {
  timeoutMs: number;
  correlationId?: string;
  /**
   * Send the envelope as one header (Mesh-Envelope); the reply comes back the same way. Only for
   * subjects whose responders all know that form (it came with the risk frame messages).
   */
  compactEnvelope?: boolean;
}

export async function request<Req, Res>(mesh: Mesh, subject: string, reqDef: MessageDef<Req>, value: Req, resDef: MessageDef<Res>, opts: RequestOptions): Promise<Received<Res>> {
  const envelope = createEnvelope(reqDef, mesh.source, { correlationId: opts.correlationId });
  const data = codecOf(reqDef).encode(value);
  const started = performance.now();
  let reply: Msg;
  try {
    if (mesh.nc.isClosed()) throw new natsErrors.ClosedConnectionError();
    // While reconnecting no reply can come: say so now rather than at the deadline.
    if (!isLinked(mesh.nc)) throw new MeshDisconnectedError(`request on "${subject}" failed: not connected to NATS (reconnecting)`);
    const headers = opts.compactEnvelope ? envelopeToCompactHeaders(envelope) : envelopeToHeaders(envelope);
    reply = await mesh.nc.request(subject, data, { timeout: opts.timeoutMs, headers });
  } catch (err) {
    observeRequest(subject, performance.now() - started, false);
    throw requestError(err, subject, opts.timeoutMs);
  }
  try {
    if (reply.headers?.get(HEADER.error) === "1") {
      const remote = decodeMessage(remoteErrorDef, reply).value;
      throw new MeshRemoteError(remote.code, remote.message);
    }
    const received = decodeMessage(resDef, reply);
    observeRequest(subject, performance.now() - started, true);
    return received;
  } catch (err) {
    observeRequest(subject, performance.now() - started, false);
    throw err;
  }
}

function requestError(err: unknown, subject: string, timeoutMs: number): Error {
  if (err instanceof MeshDisconnectedError) return err;
  if (err instanceof natsErrors.TimeoutError) return new MeshTimeoutError(subject, timeoutMs, { cause: err });
  if (err instanceof RequestError && err.isNoResponders()) return new MeshNoRespondersError(subject, undefined, { cause: err });
  // Closed, draining, or the connection dropped while the request was in flight.
  return new MeshClosedError(`request on "${subject}" failed: ${(err as Error).message}`, { cause: err });
}

export interface ServeContext {
  envelope: Envelope;
  subject: string;
}

export interface ServeOptions<Req, Res> {
  /** Queue group: instances in one group share the requests. */
  queue: string;
  request: MessageDef<Req>;
  response: MessageDef<Res>;
  handler: (value: Req, ctx: ServeContext) => Promise<Res>;
  /** Requests handled at once by this instance; beyond it the answer is "busy". Default 256. */
  maxInFlight?: number;
  logger?: Logger;
  /**
   * Reply in the schema version the request came in (at most `response.version`): for a pair of
   * messages whose versions move together, where a reply is readable by a requester of the same
   * version and the handler sends a newer form only to a newer request.
   */
  mirrorVersion?: boolean;
}

export interface Server {
  /** Stops taking requests and waits for the ones being handled. */
  stop(): Promise<void>;
}

export function serve<Req, Res>(mesh: Mesh, subject: string, opts: ServeOptions<Req, Res>): Server {
  const logger = opts.logger ?? silentLogger;
  const maxInFlight = opts.maxInFlight ?? 256;
  const inFlight = new Set<Promise<void>>();

  const sub = mesh.nc.subscribe(subject, {
    queue: opts.queue,
    callback: (err, msg) => {
      if (err) {
        logger.error({ err, subject }, "serve subscription failed");
        return;
      }
      if (!msg.reply) {
        logger.warn({ subject }, "message without reply subject on a request subject; dropped");
        return;
      }
      if (inFlight.size >= maxInFlight) {
        replyError(mesh, msg, undefined, { code: "busy", message: `instance is handling ${maxInFlight} requests` }, logger);
        observeServe(subject, 0, false);
        return;
      }
      const p = handleRequest(mesh, msg, opts, logger).finally(() => inFlight.delete(p));
      inFlight.add(p);
    },
  });

  return { stop: drainThenSettle(sub, inFlight, (err) => logger.debug({ err, subject }, "serve drain failed")) };
}

async function handleRequest<Req, Res>(mesh: Mesh, msg: Msg, opts: ServeOptions<Req, Res>, logger: Logger): Promise<void> {
  const started = performance.now();
  let req: Received<Req>;
  try {
    req = decodeMessage(opts.request, msg);
  } catch (err) {
    const message = err instanceof MeshDecodeError ? err.message : "request cannot be decoded";
    replyError(mesh, msg, undefined, { code: "bad_request", message }, logger);
    observeServe(msg.subject, performance.now() - started, false);
    return;
  }
  const { envelope } = req;
  let data: Uint8Array;
  try {
    const answer = await opts.handler(req.value, { envelope, subject: msg.subject });
    data = codecOf(opts.response).encode(answer);
  } catch (err) {
    const payload = toRemoteErrorPayload(err);
    if (payload.code === "internal") logger.error({ err, subject: msg.subject, correlationId: envelope.correlationId }, "request handler failed");
    replyError(mesh, msg, envelope, payload, logger);
    observeServe(msg.subject, performance.now() - started, false);
    return;
  }
  const replyEnvelope = createEnvelope(opts.response, mesh.source, { correlationId: envelope.correlationId });
  if (opts.mirrorVersion && envelope.schemaVersion < replyEnvelope.schemaVersion) replyEnvelope.schemaVersion = envelope.schemaVersion;
  try {
    msg.respond(data, { headers: hasCompactEnvelope(msg.headers) ? envelopeToCompactHeaders(replyEnvelope) : envelopeToHeaders(replyEnvelope) });
    observeServe(msg.subject, performance.now() - started, true);
  } catch (err) {
    logger.warn({ err, subject: msg.subject, correlationId: envelope.correlationId }, "reply could not be sent");
    observeServe(msg.subject, performance.now() - started, false);
  }
}

function replyError(mesh: Mesh, msg: Msg, request: Envelope | undefined, payload: RemoteErrorPayload, logger: Logger): void {
  // An undecodable request may still carry a usable correlation id header.
  const correlationId = request?.correlationId ?? msg.headers?.get(HEADER.correlationId) ?? undefined;
  const env = createEnvelope(remoteErrorDef, mesh.source, { correlationId: correlationId || undefined });
  const headers = hasCompactEnvelope(msg.headers) ? envelopeToCompactHeaders(env) : envelopeToHeaders(env);
  headers.set(HEADER.error, "1");
  try {
    msg.respond(codecOf(remoteErrorDef).encode(payload), { headers });
  } catch (err) {
    logger.warn({ err, subject: msg.subject, code: payload.code }, "error reply could not be sent");
  }
}
