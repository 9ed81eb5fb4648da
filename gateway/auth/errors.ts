/** API key configuration is unusable (e.g. a hash that is not 64 hex digits). */
export class ApiKeyConfigError extends Error {
  override name = "ApiKeyConfigError";
}
