import { type Dialect, sseFraming } from "@sse-dialects/core";
import { ElumentaDecoder } from "./decode-elumenta.js";
import { detectElumenta } from "./detect-elumenta.js";
import { elumentaRequests } from "./elumenta-requests.js";
import { type ElumentaEncodeOptions, ElumentaEncoder } from "./encode-elumenta.js";
import { mapElumentaRequest } from "./map-elumenta-request.js";

/** The Elumenta dialect takes no decoding options. */
export type ElumentaDecodeOptions = Record<string, never>;

/**
 * The Elumenta typed-event dialect: `data: {"type":"generation_start"|"content_delta"|
 * "generation_end"|"error", …}` and `data: [DONE]`.
 *
 * @example
 * ```ts
 * import { decodeAll, encodeAll } from "@sse-dialects/core";
 * import { elumenta } from "@sse-dialects/elumenta";
 *
 * const events = decodeAll(
 *   'data: {"type":"content_delta","delta":"Hi"}\n\ndata: [DONE]\n\n',
 *   elumenta,
 * );
 * // [{ type: "text-delta", choice: 0, text: "Hi" }, { type: "end", reason: "done" }]
 * encodeAll(events, elumenta); // the same stream back
 * ```
 */
export const elumenta: Dialect<ElumentaDecodeOptions, ElumentaEncodeOptions> = {
  name: "elumenta",
  framing: sseFraming,
  contentType: "text/event-stream",
  terminator: "data: [DONE]",
  createDecoder: (emit) => new ElumentaDecoder(emit),
  createEncoder: (write, options, drop) => new ElumentaEncoder(write, options, drop),
  detect: detectElumenta,
  mapRequest: mapElumentaRequest,
  requests: elumentaRequests,
};
