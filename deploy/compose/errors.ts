// Named errors of the compose checks.

export class ComposeError extends Error {
  override name = "ComposeError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A `${VAR:?message}` variable is unset (or a `${…}` expression is malformed). */
export class ComposeInterpolationError extends ComposeError {
  override name = "ComposeInterpolationError";
}

/** Two files define the same service, network or volume (compose would merge them; we do not). */
export class ComposeMergeError extends ComposeError {
  override name = "ComposeMergeError";
}
