// Named errors of the models package.

export class ModelError extends Error {
  override name = "ModelError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A caller passed an argument outside its domain (e.g. groupSize 0, latitude 95). */
export class ModelInputError extends ModelError {
  override name = "ModelInputError";
}

/** The bundled boundary files (us-atlas, world-atlas) could not be loaded or decoded. */
export class BoundaryDataError extends ModelError {
  override name = "BoundaryDataError";
}
