// Named errors of the metrics sub-package.
import { ModelInputError } from "../errors.ts";

/** Columns sorted by (regionId, day) were not sorted, or a region's days were not consecutive. */
export class SeriesLayoutError extends ModelInputError {
  override name = "SeriesLayoutError";
}
