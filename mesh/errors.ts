// Named errors of the mesh layer. Every failure a caller can act on has its own class, so
// callers branch with `instanceof` instead of parsing messages.

export class MeshError extends Error {
  override name = "MeshError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The deadline of a request or publish passed before an answer arrived. */
export class MeshTimeoutError extends MeshError {
  override name = "MeshTimeoutError";
  constructor(
    readonly subject: string,
    readonly timeoutMs: number,
    options?: { cause?: unknown },
  ) {
    super(`no answer on "${subject}" within ${timeoutMs} ms`, options);
  }
}

/** Nobody listens on the subject (no service instance, or no stream captures it). */
export class MeshNoRespondersError extends MeshError {
  override name = "MeshNoRespondersError";
  constructor(
    readonly subject: string,
    message = `no responders on "${subject}"`,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A message does not match its schema; `issues` says where (zod's prettified issues), when known. */
abstract class MeshSchemaError extends MeshError {
  readonly issues: string | undefined;
  constructor(message: string, options?: { cause?: unknown; issues?: string }) {
    super(options?.issues ? `${message}:\n${options.issues}` : message, options);
    this.issues = options?.issues;
  }
}

/** Bytes or headers are not a valid message of the expected kind. */
export class MeshDecodeError extends MeshSchemaError {
  override name = "MeshDecodeError";
}

/** A value handed to a codec does not match its schema (a bug of the producer). */
export class MeshEncodeError extends MeshSchemaError {
  override name = "MeshEncodeError";
}

/** The replier answered with an error payload: `code` is one of domain's ERROR_CODES (unchecked: the replier may be newer). */
export class MeshRemoteError extends MeshError {
  override name = "MeshRemoteError";
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A stream or consumer cannot be created or brought to the wanted configuration. */
export class MeshProvisionError extends MeshError {
  override name = "MeshProvisionError";
}

/** JetStream refused or failed to store a message. */
export class MeshPublishError extends MeshError {
  override name = "MeshPublishError";
}

/** The first connection to NATS could not be made. */
export class MeshConnectError extends MeshError {
  override name = "MeshConnectError";
}

/** The connection is closed (or draining): no more messages can go through it. */
export class MeshClosedError extends MeshError {
  override name = "MeshClosedError";
}

/** The connection is up but not linked to a server right now (reconnecting): fail fast, retry later. */
export class MeshDisconnectedError extends MeshClosedError {
  override name = "MeshDisconnectedError";
}

/** A NATS KV bucket cannot be opened, read or written (after retries). */
export class MeshKvError extends MeshError {
  override name = "MeshKvError";
}
