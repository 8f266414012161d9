import type { AnyDialect } from "@sse-dialects/core";
import { elumenta } from "@sse-dialects/elumenta";
import { openai } from "@sse-dialects/openai";

/** The dialects the command knows, by the name `--from` and `--to` take. */
export const DIALECTS: readonly AnyDialect[] = [openai, elumenta];

/** `--from` also takes this: detect the dialect from the stream. */
export const AUTO = "auto";

/**
 * The dialect called `name`, or `undefined`.
 *
 * @example
 * ```ts
 * findDialect("elumenta")?.contentType; // "text/event-stream"
 * ```
 */
export function findDialect(name: string): AnyDialect | undefined {
  return DIALECTS.find((dialect) => dialect.name === name);
}

/** The names, for help texts and error messages. */
export function dialectNames(): string[] {
  return DIALECTS.map((dialect) => dialect.name);
}
