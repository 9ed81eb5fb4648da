// Coordinates in a query string are plain decimals, checked before any route's schema sees
// them. zod's coerce goes through Number(), which reads "" as 0, "0x10" as 16 and "1e1" as 10:
// a client bug (an empty field) would silently ask about (0, 0) in the Gulf of Guinea.
import type { MiddlewareHandler } from "hono";
import { ProblemError } from "../problem.ts";

/** Optional sign, digits, optional fraction: no hex, no exponent, no spaces, no "Infinity". */
const DECIMAL = /^-?\d{1,3}(\.\d{1,17})?$/;

const LIMITS = { lat: 90, lon: 180 } as const;

/** Why `raw` is not a valid value of `name`, or null when it is. */
export function coordinateError(name: keyof typeof LIMITS, raw: string): string | null {
  const limit = LIMITS[name];
  if (!DECIMAL.test(raw)) return `${name} must be a decimal number like 40.7128 (no exponent, hex or empty value)`;
  const v = Number(raw);
  if (!(v >= -limit && v <= limit)) return `${name} must be between -${limit} and ${limit}`;
  return null;
}

export function strictCoordinates(): MiddlewareHandler {
  return async (c, next) => {
    const errors: { path: string; message: string }[] = [];
    for (const name of ["lat", "lon"] as const) {
      const values = c.req.queries(name);
      if (values === undefined) continue;
      if (values.length > 1) {
        errors.push({ path: name, message: `${name} given ${values.length} times` });
        continue;
      }
      const message = coordinateError(name, values[0]);
      if (message) errors.push({ path: name, message });
    }
    if (errors.length > 0) {
      throw new ProblemError(400, "Bad Request", errors.map((e) => `${e.path}: ${e.message}`).join("; "), { errors });
    }
    await next();
  };
}
