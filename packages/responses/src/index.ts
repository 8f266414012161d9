export type { ResponsesDecodeOptions } from "./decode-responses.js";
export { ResponsesDecoder } from "./decode-responses.js";
export { detectResponses } from "./detect-responses.js";
export type { ResponsesEncodeOptions } from "./encode-responses.js";
export { ResponsesEncoder } from "./encode-responses.js";
export { mapResponsesRequest } from "./map-responses-request.js";
export { responses } from "./responses-dialect.js";
export { toResponse } from "./to-response.js";
