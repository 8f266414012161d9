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
