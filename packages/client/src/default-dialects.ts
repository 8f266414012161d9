import type { AnyDialect } from "@sse-dialects/core";
import { dialects } from "@sse-dialects/registry";

/**
 * The dialects `dialect: "auto"` chooses among unless told otherwise: every dialect sse-dialects
 * ships, the `dialects` of `@sse-dialects/registry` (this is that same list, not a copy). Extend
 * it rather than replace it to keep these.
 *
 * @example
 * ```ts
 * const stream = await openStream(response, { dialects: [...defaultDialects, myDialect] });
 * ```
 */
export const defaultDialects: readonly AnyDialect[] = dialects;
