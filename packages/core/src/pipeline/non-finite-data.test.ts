import { describe, expect, it } from "vitest";
import type { Dialect } from "../dialect/dialect.js";
import { parseJsonData } from "../dialect/parse-json-data.js";
import type { JsonValue, StreamEvent } from "../events/stream-event.js";
import { sseFraming } from "../framing/framings.js";
import { probe } from "../test-support/probe-dialect.js";
import { decodeAll } from "./sync-pipelines.js";

/** A dialect that emits each message's data one message late: data held across messages. */
const late: Dialect = {
  ...probe,
  name: "late",
  framing: sseFraming,
  createDecoder(emit) {
    let held: JsonValue | undefined;
    return {
      message(message) {
        if (held !== undefined) emit({ type: "unknown", dialect: "late", data: held });
        held = parseJsonData(message.data, emit);
      },
      end: () => true,
    };
  },
};

const types = (events: StreamEvent[]) => events.map((e) => e.type);

describe("provider data past a double's range", () => {
  it("an unknown event whose data holds 1e400 is skipped with an invalid-event error", () => {
    const events = decodeAll('data: {"a":1}\n\ndata: {"b":[1e400]}\n\ndata: [END]\n\n', probe);
    expect(types(events)).toEqual(["unknown", "error", "end"]);
    expect(events[1]).toMatchObject({ code: "invalid-event" });
  });

  it("is caught when a dialect emits it while reading a later message", () => {
    const events = decodeAll('data: {"b":-1E+999}\n\ndata: {"a":1}\n\ndata: {"c":2}\n\n', late);
    expect(types(events)).toEqual(["error", "unknown", "end"]);
  });

  it("a stream without such a number keeps every unknown event", () => {
    const events = decodeAll('data: {"a":1e30}\n\ndata: {"b":"1e400"}\n\ndata: [END]\n\n', probe);
    expect(types(events)).toEqual(["unknown", "unknown", "end"]);
  });
});
