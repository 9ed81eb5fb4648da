// Numbers in a URL are plain decimals, checked before any route's schema sees them. zod's
// coerce goes through Number(), which reads "" as 0, "0x10" as 16 and "1e1" as 10: a client
// bug (an empty field) would silently ask about (0, 0) in the Gulf of Guinea, and one resource
// would answer under many spellings of its id.
import type { MiddlewareHandler } from "hono";
import { ProblemError } from "../problem.ts";

/** Optional sign, digits, optional fraction: no hex, no exponent, no spaces, no "Infinity". */
const DECIMAL = /^-?\d{1,3}(\.\d{1,17})?$/;
/** Digits only. */
const WHOLE = /^\d{1,10}$/;

const COORDINATES = { lat: 90, lon: 180 } as const;
/** Whole-number query parameters of the API (their ranges are the routes' own business). */
const WHOLE_PARAMS = ["groupSize", "limit", "wait"] as const;

/** Why `raw` is not a valid value of coordinate `name`, or null when it is. */
export function coordinateError(name: keyof typeof COORDINATES, raw: string): string | null {
  const limit = COORDINATES[name];
  if (!DECIMAL.test(raw)) return `${name} must be a decimal number like 40.7128 (no exponent, hex or empty value)`;
  const v = Number(raw);
  if (!(v >= -limit && v <= limit)) return `${name} must be between -${limit} and ${limit}`;
  return null;
}

/** Why `raw` is not a plain whole number, or null. */
export function wholeNumberError(name: string, raw: string): string | null {
  return WHOLE.test(raw) ? null : `${name} must be a whole number written in digits (no sign, exponent, hex or empty value)`;
}

type Issue = { path: string; message: string };

function refuse(errors: Issue[]): void {
  if (errors.length > 0) throw new ProblemError(400, "Bad Request", errors.map((e) => `${e.path}: ${e.message}`).join("; "), { errors });
}

/** Query parameters: coordinates and whole numbers, each at most once. */
export function strictNumbers(): MiddlewareHandler {
  return async (c, next) => {
    const errors: Issue[] = [];
    for (const name of [...Object.keys(COORDINATES), ...WHOLE_PARAMS]) {
      const values = c.req.queries(name);
      if (values === undefined) continue;
      if (values.length > 1) {
        errors.push({ path: name, message: `${name} given ${values.length} times` });
        continue;
      }
      const message = name in COORDINATES ? coordinateError(name as keyof typeof COORDINATES, values[0]) : wholeNumberError(name, values[0]);
      if (message) errors.push({ path: name, message });
    }
    refuse(errors);
    await next();
  };
}

/** A numeric path parameter (a region id): digits only. */
export function strictIdParam(param = "id"): MiddlewareHandler {
  return async (c, next) => {
    const raw = c.req.param(param);
    const message = raw === undefined ? null : wholeNumberError(param, raw);
    if (message) refuse([{ path: param, message }]);
    await next();
  };
}
