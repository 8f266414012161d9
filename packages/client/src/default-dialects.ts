import type { AnyDialect } from "@sse-dialects/core";
import { elumenta } from "@sse-dialects/elumenta";
import { openai } from "@sse-dialects/openai";

/**
 * The dialects `dialect: "auto"` chooses among unless told otherwise. Extend it rather than
 * replace it to keep these.
 *
 * @example
 * ```ts
 * const stream = await openStream(response, { dialects: [...defaultDialects, myDialect] });
 * ```
 */
export const defaultDialects: readonly AnyDialect[] = [openai, elumenta];
