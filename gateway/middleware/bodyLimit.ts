// Request bodies above the limit are refused with 413 problem+json before they are parsed.
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { ProblemError } from "../problem.ts";
import type { GatewayEnv } from "../context.ts";

export const MAX_BODY_BYTES = 10 * 1024;

export function limitBody(maxBytes = MAX_BODY_BYTES): MiddlewareHandler<GatewayEnv> {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ProblemError(413, "Content Too Large", `request bodies are limited to ${maxBytes} bytes`, { limit: maxBytes });
    },
  });
}
