// Middleware for routes that change data: a valid API key in `Authorization: Bearer <key>`
// or `X-API-Key: <key>`, else 401 problem+json with a WWW-Authenticate challenge.
import type { MiddlewareHandler } from "hono";
import { ProblemError } from "../problem.ts";
import type { ApiKeyVerifier } from "./apiKeys.ts";

const CHALLENGE = { "WWW-Authenticate": 'Bearer realm="covid-mesh"' };

/** The key a request presents, or null. */
export function presentedKey(req: Request): string | null {
  const auth = req.headers.get("authorization");
  if (auth) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return m ? m[1] : null;
  }
  return req.headers.get("x-api-key");
}

export function requireApiKey(keys: ApiKeyVerifier): MiddlewareHandler {
  return async (c, next) => {
    if (keys.size === 0) {
      throw new ProblemError(401, "Unauthorized", "this route needs an API key, and none is configured on the server (API_KEYS or API_KEY_HASHES)", {}, CHALLENGE);
    }
    const key = presentedKey(c.req.raw);
    if (key === null) {
      throw new ProblemError(401, "Unauthorized", "send an API key as `Authorization: Bearer <key>` or `X-API-Key: <key>`", {}, CHALLENGE);
    }
    if (!keys.verify(key)) throw new ProblemError(401, "Unauthorized", "the API key is not valid", {}, CHALLENGE);
    await next();
  };
}
