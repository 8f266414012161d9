export { OllamaDecoder } from "./decode-ollama.js";
export { detectOllama } from "./detect-ollama.js";
export type { OllamaEncodeOptions } from "./encode-ollama.js";
export { OllamaEncoder } from "./encode-ollama.js";
export { mapOllamaRequest } from "./map-ollama-request.js";
export type { OllamaDecodeOptions } from "./ollama-dialect.js";
export { ollama } from "./ollama-dialect.js";
export { ollamaFraming } from "./ollama-framing.js";
