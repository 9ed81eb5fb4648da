// Named errors of the clusters sub-package.
import { ModelInputError } from "../errors.ts";

/** The feature matrix or a clustering argument is unusable (NaN feature, k > rows, shape mismatch…). */
export class ClusterInputError extends ModelInputError {
  override name = "ClusterInputError";
}
