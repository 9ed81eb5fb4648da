// Typed arrays → Postgres array literals ('{1,2,NULL}'), sent as ONE text parameter per column.
// One parameter per column (instead of one per value) keeps 50k-row batches to a handful of
// parameters, and both postgres.js and PGlite pass a text parameter through untouched.

/** Int32Array → '{1,2,3}'. Int32 values always print as plain integers. */
export function int32ArrayLiteral(values: Int32Array): string {
  return `{${values.join(",")}}`;
}

/**
 * Float64Array → '{1.5,NULL,3}'. NaN (unknown) becomes NULL; the caller has already rejected
 * ±Infinity. Number#toString gives the shortest round-tripping form, which float8 input reads
 * back exactly (including exponents such as 1e+21).
 */
export function float64ArrayLiteral(values: Float64Array): string {
  // join() prints NaN as "NaN", a valid float8; no other number prints a string containing it.
  return `{${values.join(",").replaceAll("NaN", "NULL")}}`;
}

/** Index of the first ±Infinity, or -1. NaN is allowed (it means unknown). */
export function indexOfInfinite(values: Float64Array): number {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === Infinity || v === -Infinity) return i;
  }
  return -1;
}

/** Int8Array → '{1,-1,3}' (small codes; the caller maps its "none" marker in SQL). */
export function int8ArrayLiteral(values: Int8Array): string {
  return `{${values.join(",")}}`;
}

/** Strings → '{"a b",NULL}': every element quoted, with `"` and `\` escaped as array input requires. */
export function textArrayLiteral(values: readonly (string | null)[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    parts[i] = v === null ? "NULL" : `"${v.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
  }
  return `{${parts.join(",")}}`;
}
