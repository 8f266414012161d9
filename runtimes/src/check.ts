/** A failed expectation of the portable suite (the runtimes have no test framework in common). */
export class CheckFailure extends Error {
  override name = "CheckFailure";
}

export function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new CheckFailure(message);
}

/** `actual` and `expected` serialise to the same JSON (both are plain data). */
export function same(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new CheckFailure(`${what}: expected ${e}, got ${a}`);
}
