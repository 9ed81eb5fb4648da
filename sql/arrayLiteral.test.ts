import { expect, test } from "bun:test";
import { float64ArrayLiteral, indexOfInfinite, int32ArrayLiteral } from "./arrayLiteral.ts";
import { storableText } from "./quarantineInsert.ts";

test("typed arrays become Postgres array literals; NaN becomes NULL", () => {
  expect(int32ArrayLiteral(Int32Array.of(1, -2, 2147483647))).toBe("{1,-2,2147483647}");
  expect(int32ArrayLiteral(new Int32Array(0))).toBe("{}");
  expect(float64ArrayLiteral(Float64Array.of(1.5, NaN, 0.1, 1e21, -0, NaN))).toBe("{1.5,NULL,0.1,1e+21,0,NULL}");
});

test("indexOfInfinite finds ±Infinity but accepts NaN", () => {
  expect(indexOfInfinite(Float64Array.of(1, NaN, 3))).toBe(-1);
  expect(indexOfInfinite(Float64Array.of(1, NaN, -Infinity))).toBe(2);
});

test("storableText replaces NUL and lone surrogates but keeps valid pairs", () => {
  expect(storableText("a\u0000b")).toBe("a\ufffdb");
  expect(storableText("x\ud800y\udc00")).toBe("x\ufffdy\ufffd");
  expect(storableText("ok 😀")).toBe("ok 😀");
});
