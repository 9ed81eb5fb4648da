// API-key authentication for the gateway's write routes (and admin routes).
export { anyKey, createApiKeyVerifier, apiKeysFromConfig, apiKeyId, hashApiKey, type ApiKeyVerifier } from "./apiKeys.ts";
export { requireApiKey, presentedKey } from "./requireApiKey.ts";
export { ApiKeyConfigError } from "./errors.ts";
