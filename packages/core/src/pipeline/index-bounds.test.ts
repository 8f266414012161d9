import { describe, expect, it } from "vitest";
import type { Dialect } from "../dialect/dialect.js";
import { isJsonObject, parseJsonData } from "../dialect/parse-json-data.js";
import type { StreamEvent } from "../events/stream-event.js";
import { probe } from "../test-support/probe-dialect.js";
import { decodeAll } from "./sync-pipelines.js";

/**
 * A dialect that trusts the wire's indexes: `{"choice":…,"part":…}` becomes a text delta with
 * them as they are. The engine, not each dialect, must stop what is not an index below its limit.
 */
const trusting: Dialect = {
  ...probe,
  name: "trusting",
  createDecoder(emit) {
    return {
      message(message) {
        const value = parseJsonData(message.data, emit);
        if (!isJsonObject(value)) return;
        const event: StreamEvent = {
          type: "text-delta",
          choice: value.choice as number,
          text: "x",
        };
        if (value.part !== undefined) event.part = value.part as number;
        emit(event);
      },
      end: () => true,
    };
  },
};

const outcome = (data: string) =>
  decodeAll(`data: ${data}\n\n`, trusting, { maxChoices: 4, maxParts: 8 }).map((e) =>
    e.type === "error" ? e.code : e.type,
  );

describe("the engine's bounds on a text delta's indexes", () => {
  it("passes a whole choice and part below their limits", () => {
    expect(outcome('{"choice":3}')).toEqual(["text-delta", "end"]);
    expect(outcome('{"choice":0,"part":7}')).toEqual(["text-delta", "end"]);
  });

  it("skips, with an invalid-event error, a choice or part that is negative, a fraction, too large or not finite", () => {
    for (const data of [
      '{"choice":-1}',
      '{"choice":0.5}',
      '{"choice":4}',
      '{"choice":1e400}',
      '{"choice":0,"part":-1}',
      '{"choice":0,"part":2.5}',
      '{"choice":0,"part":8}',
      '{"choice":0,"part":4294967296}',
    ])
      expect(outcome(data), data).toEqual(["invalid-event", "end"]);
  });
});
