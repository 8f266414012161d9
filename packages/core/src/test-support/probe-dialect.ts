import type { Dialect } from "../dialect/dialect.js";
import { isJsonObject, parseJsonData } from "../dialect/parse-json-data.js";
import { errorEvent } from "../errors/stream-error.js";
import { errorCodeSchema } from "../events/stream-event.js";
import { ndjsonFraming, sseFraming } from "../framing/framings.js";
import { formatSseComment, formatSseData, formatSseEvent } from "../sse/write-sse.js";

/**
 * A minimal dialect for core's own tests (not exported): `{"t":"text","v":…}` is text,
 * `{"t":"error",…}` an error, `[END]` the terminator, anything else an `unknown` event.
 * Core must be testable without any real dialect, and this one exercises every core path.
 */
export const probe: Dialect = {
  name: "probe",
  framing: sseFraming,
  contentType: "text/event-stream",
  terminator: "data: [END]",
  createDecoder(emit) {
    let done = false;
    return {
      message(message) {
        if (message.data === "[END]") {
          done = true;
          return;
        }
        const value = parseJsonData(message.data, emit);
        if (value === undefined) return;
        if (isJsonObject(value) && value.t === "text" && typeof value.v === "string") {
          emit({ type: "text-delta", choice: 0, text: value.v });
        } else if (isJsonObject(value) && value.t === "error") {
          const code = errorCodeSchema.safeParse(value.code);
          emit(errorEvent(code.success ? code.data : "provider-error", String(value.message)));
        } else {
          emit(
            message.event === undefined
              ? { type: "unknown", dialect: "probe", data: value }
              : { type: "unknown", dialect: "probe", event: message.event, data: value },
          );
        }
      },
      end: () => done,
    };
  },
  createEncoder(write) {
    return {
      encode(event) {
        switch (event.type) {
          case "text-delta":
            write(formatSseData(JSON.stringify({ t: "text", v: event.text })));
            break;
          case "error":
            write(
              formatSseData(
                JSON.stringify({ t: "error", code: event.code, message: event.message }),
              ),
            );
            break;
          case "unknown":
            write(formatSseEvent({ event: event.event, data: JSON.stringify(event.data) }));
            break;
          case "comment":
            write(formatSseComment(event.text));
            break;
          case "end":
            write(formatSseData("[END]"));
            break;
          default:
            break;
        }
      },
      flush() {},
    };
  },
};

/** A probe dialect framed as NDJSON. */
export const probeNdjson: Dialect = { ...probe, name: "probe-ndjson", framing: ndjsonFraming };
