import type { Dialect } from "@sse-dialects/core";
import { OllamaDecoder } from "./decode-ollama.js";
import { detectOllama } from "./detect-ollama.js";
import { type OllamaEncodeOptions, OllamaEncoder } from "./encode-ollama.js";
import { mapOllamaRequest } from "./map-ollama-request.js";
import { ollamaFraming } from "./ollama-framing.js";
import { ollamaRequests } from "./ollama-requests.js";

/** The Ollama dialect takes no decoding options: `/api/chat` and `/api/generate` lines decode alike. */
export type OllamaDecodeOptions = Record<never, never>;

/**
 * Ollama's streaming `/api/chat` and `/api/generate`: NDJSON lines, the last one `done: true`.
 *
 * @example
 * ```ts
 * import { accumulate, decodeAll } from "@sse-dialects/core";
 * import { ollama } from "@sse-dialects/ollama";
 *
 * const message = accumulate(
 *   decodeAll(
 *     '{"model":"llama3.2","message":{"role":"assistant","content":"Hi"},"done":false}\n' +
 *       '{"model":"llama3.2","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":5,"eval_count":1}\n',
 *     ollama,
 *   ),
 * );
 * message.choices[0]?.text; // "Hi"
 * ```
 */
export const ollama: Dialect<OllamaDecodeOptions, OllamaEncodeOptions> = {
  name: "ollama",
  framing: ollamaFraming,
  contentType: "application/x-ndjson",
  terminator: "a done: true line",
  createDecoder: (emit) => new OllamaDecoder(emit),
  createEncoder: (write, options, drop) => new OllamaEncoder(write, options, drop),
  detect: detectOllama,
  mapRequest: mapOllamaRequest,
  requests: ollamaRequests,
  // A text or thinking line that decodes to one delta changes no decoder state: its model and
  // its `created_at` second are the last ones reported (else a metadata event comes with it),
  // and a time that differs only in its fraction of a second is in the same second.
  steadyDeltas: { ignoredFractions: ["created_at"] },
};
