import type { AnyDialect } from "@sse-dialects/core";
import { dialects } from "./dialects.js";

/**
 * The shipped dialect called `name` (its {@link AnyDialect.name}), or `undefined`: what a
 * `--from`/`--to` value or a configuration string resolves to.
 *
 * @example
 * ```ts
 * const from = findDialect("elumenta");
 * if (from === undefined) throw new Error(`known: ${dialectNames().join(", ")}`);
 * ```
 */
export function findDialect(name: string): AnyDialect | undefined {
  return dialects.find((dialect) => dialect.name === name);
}
