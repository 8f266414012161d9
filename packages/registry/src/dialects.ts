import { anthropic } from "@sse-dialects/anthropic";
import type { AnyDialect } from "@sse-dialects/core";
import { elumenta } from "@sse-dialects/elumenta";
import { gemini } from "@sse-dialects/gemini";
import { ollama } from "@sse-dialects/ollama";
import { openai } from "@sse-dialects/openai";
import { responses } from "@sse-dialects/responses";

/**
 * Every dialect sse-dialects ships: the one list the CLI (`--from`, `--to`), the client and the
 * proxy (`"auto"` detection) read. Adding a dialect is its package plus one line here. The order
 * is the order `"auto"` tries them in and the order help texts name them in.
 *
 * @example
 * ```ts
 * import { decodeAuto } from "@sse-dialects/core";
 * import { dialects } from "@sse-dialects/registry";
 *
 * for await (const event of decodeAuto(response.body!, dialects, { contentType })) {
 *   console.log(event);
 * }
 * ```
 */
export const dialects: readonly AnyDialect[] = [
  openai,
  elumenta,
  anthropic,
  responses,
  gemini,
  ollama,
];
