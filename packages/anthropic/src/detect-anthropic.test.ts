import { describe, expect, it } from "vitest";
import { detectAnthropic } from "./detect-anthropic.js";

const detect = (...messages: { event?: string; data: string }[]) =>
  detectAnthropic({ contentType: "text/event-stream", messages });

describe("detectAnthropic", () => {
  it("recognises message_start by its event name or its data", () => {
    expect(detect({ event: "message_start", data: '{"type":"message_start","message":{}}' })).toBe(
      "yes",
    );
    expect(detect({ data: '{"type":"message_start","message":{}}' })).toBe("yes");
  });
  it("waits past a ping, and takes Anthropic's nested error object", () => {
    expect(detect({ event: "ping", data: '{"type":"ping"}' })).toBe("undecided");
    expect(
      detect({
        event: "error",
        data: '{"type":"error","error":{"type":"overloaded_error","message":"x"}}',
      }),
    ).toBe("yes");
  });
  it("refuses OpenAI chunks, Elumenta events and other event names", () => {
    expect(detect({ data: '{"id":"c","object":"chat.completion.chunk","choices":[]}' })).toBe("no");
    expect(detect({ data: '{"type":"generation_start","id":"g"}' })).toBe("no");
    expect(detect({ data: '{"type":"error","message":"x"}' })).toBe("no");
    expect(detect({ event: "response.created", data: '{"type":"response.created"}' })).toBe("no");
    expect(detect({ data: "[DONE]" })).toBe("no");
  });
});
