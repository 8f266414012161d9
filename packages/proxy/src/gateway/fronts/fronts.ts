import type { Front } from "../front.js";
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

/** The listing and counting paths served beside the fronts. */
const OTHER_PATHS: ReadonlySet<string> = new Set([
  "/v1/models",
  "/api/tags",
  "/v1/messages/count_tokens",
]);

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
  return OTHER_PATHS.has(pathname) || FRONTS.some((front) => front.match(pathname) !== undefined);
}
