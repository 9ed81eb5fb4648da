// Named errors of the evaluation sub-package.
import { ModelInputError } from "../errors.ts";

/** Quantile levels/values that cannot be scored (unpaired levels, no median, length mismatch). */
export class ScoringInputError extends ModelInputError {
  override name = "ScoringInputError";
}
