import type { DialectRequests } from "@sse-dialects/core";
import { buildElumentaRequest } from "./build-elumenta-request.js";
import { parseElumentaRequest } from "./parse-elumenta-request.js";
import { toGeneration } from "./to-generation.js";

/**
 * The Elumenta request side: `POST /api/v2/generate` bodies parsed and built; a collected
 * stream as one object of its events' fields.
 *
 * @example
 * ```ts
 * const upstream = elumentaRequests.build(request, { baseUrl: "https://elumenta.ru/api/v2", model: "gpt-5" });
 * ```
 */
export const elumentaRequests: DialectRequests = {
  parse: (body) => parseElumentaRequest(body),
  build: buildElumentaRequest,
  toResponse: toGeneration,
};
