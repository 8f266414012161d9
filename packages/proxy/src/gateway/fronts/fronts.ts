import { countingOf } from "../count-tokens.js";
import type { Front } from "../front.js";
import { isModelListPath } from "../list-models.js";
import { anthropicMessagesFront } from "./anthropic-messages-front.js";
import { geminiFront } from "./gemini-front.js";
import { ollamaChatFront, ollamaGenerateFront } from "./ollama-fronts.js";
import { openAIChatFront } from "./openai-chat-front.js";
import { responsesFront } from "./responses-front.js";

/** Every API the gateway serves, tried in order. */
export const FRONTS: readonly Front[] = [
  openAIChatFront,
  anthropicMessagesFront,
  responsesFront,
  geminiFront,
  ollamaChatFront,
  ollamaGenerateFront,
];

/**
 * Whether the gateway serves `pathname` (any front, the model lists, token counting): what a
 * router mounting it uses to let other paths through.
 *
 * @example
 * ```ts
 * servesPath("/v1beta/models/gemini-2.5-flash:generateContent"); // true
 * servesPath("/health"); // false
 * ```
 */
export function servesPath(pathname: string): boolean {
  return (
    isModelListPath(pathname) ||
    countingOf(pathname) !== undefined ||
    FRONTS.some((front) => front.match(pathname) !== undefined)
  );
}
