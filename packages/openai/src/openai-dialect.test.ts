import { describe, expect, it } from "vitest";
import { detectOpenAI } from "./openai-dialect.js";

const detect = (...data: string[]) =>
  detectOpenAI({ contentType: "text/event-stream", messages: data.map((d) => ({ data: d })) });

describe("detectOpenAI", () => {
  it("says yes to chat chunks, even Azure's bare filter chunk", () => {
    expect(detect('{"object":"chat.completion.chunk","choices":[]}')).toBe("yes");
    expect(detect('{"choices":[],"id":"","object":"","prompt_filter_results":[]}')).toBe("yes");
  });

  it("says no to typed events", () => {
    expect(detect('{"type":"generation_start","id":"g1"}')).toBe("no");
    expect(detect('{"type":"message_start","message":{}}')).toBe("no");
  });

  it("waits past what cannot tell", () => {
    expect(detect()).toBe("undecided");
    expect(detect("[DONE]", '{"receipt_id":"r"}')).toBe("undecided");
    // OpenAI's error body, before any chunk: its own shape, no `type` beside `error`.
    expect(detect('{"error":{"message":"x"}}')).toBe("yes");
    expect(detect('{"type":"error","error":{"message":"x"}}')).toBe("no");
    expect(detect("not json", '{"choices":[{"delta":{"content":"hi"}}]}')).toBe("yes");
  });
});
