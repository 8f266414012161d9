import { decodeAll, formatSseEvent } from "@sse-dialects/core";
import { describe, expect, it } from "vitest";
import { anthropic } from "./anthropic-dialect.js";
import { MAX_OPEN_BLOCKS } from "./decode-anthropic.js";

const ev = (data: Record<string, unknown>) =>
  formatSseEvent({ event: String(data.type), data: JSON.stringify(data) });

const messageStart = (usage: Record<string, unknown>) =>
  ev({
    type: "message_start",
    message: { id: "msg_1", type: "message", role: "assistant", model: "m", content: [], usage },
  });

describe("the Anthropic decoder", () => {
  it("makes prompt tokens the sum of input, cache reads and cache writes; the last count wins", () => {
    const events = decodeAll(
      messageStart({
        input_tokens: 4,
        cache_read_input_tokens: 100,
        cache_creation_input_tokens: 20,
        output_tokens: 1,
      }) +
        ev({
          type: "message_delta",
          delta: { stop_reason: "end_turn" },
          usage: { output_tokens: 9 },
        }) +
        ev({
          type: "message_delta",
          delta: { stop_reason: "end_turn" },
          usage: { input_tokens: 6, output_tokens: 9 },
        }) +
        ev({ type: "message_stop" }),
      anthropic,
    );
    // `message_start`'s counts are held for the response's usage, at the first message_delta.
    expect(events.filter((e) => e.type === "usage")).toEqual([
      {
        type: "usage",
        promptTokens: 124,
        completionTokens: 9,
        cachedTokens: 100,
        cacheWriteTokens: 20,
      },
      { type: "usage", promptTokens: 126 },
    ]);
    // The same stop reason twice is one finish.
    expect(events.filter((e) => e.type === "finish")).toHaveLength(1);
  });

  it("gives message_start's counts before an error, a message_stop or a cut-off when no message_delta came", () => {
    const start = messageStart({ input_tokens: 4, output_tokens: 1 });
    const usage = { type: "usage", promptTokens: 4, completionTokens: 1 };
    const types = (wire: string) =>
      decodeAll(wire, anthropic)
        .filter((e) => e.type !== "metadata" && e.type !== "role")
        .map((e) => (e.type === "error" ? e.code : e.type));
    expect(types(start)).toEqual(["usage", "cut-off", "end"]);
    expect(types(start + ev({ type: "message_stop" }))).toEqual(["usage", "end"]);
    expect(
      types(start + ev({ type: "error", error: { type: "overloaded_error", message: "x" } })),
    ).toEqual(["usage", "provider-error", "end"]);
    expect(decodeAll(start, anthropic).find((e) => e.type === "usage")).toEqual(usage);
  });

  it("ends after Anthropic's error event without a cut-off", () => {
    const events = decodeAll(
      ev({ type: "error", error: { type: "overloaded_error", message: "Overloaded" } }),
      anthropic,
    );
    expect(events.map((e) => e.type)).toEqual(["error", "end"]);
    expect(events.at(-1)).toEqual({ type: "end", reason: "error" });
  });

  it("reads a delta for a block that was never opened as an invalid event", () => {
    const events = decodeAll(
      messageStart({ input_tokens: 1, output_tokens: 1 }) +
        ev({ type: "content_block_delta", index: 3, delta: { type: "text_delta", text: "x" } }) +
        ev({ type: "message_stop" }),
      anthropic,
    );
    expect(events.find((e) => e.type === "error")).toMatchObject({ code: "invalid-event" });
  });

  it(`tracks at most ${MAX_OPEN_BLOCKS} open blocks`, () => {
    let wire = messageStart({ input_tokens: 1, output_tokens: 1 });
    for (let i = 0; i <= MAX_OPEN_BLOCKS; i++)
      wire += ev({
        type: "content_block_start",
        index: i,
        content_block: { type: "text", text: "" },
      });
    const errors = decodeAll(wire, anthropic).filter((e) => e.type === "error");
    expect(errors.map((e) => e.type === "error" && e.code)).toEqual(["invalid-event", "cut-off"]);
    expect(errors[0]).toMatchObject({ data: { index: MAX_OPEN_BLOCKS } });
  });
});
