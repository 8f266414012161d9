import { accumulate, decodeAll } from "@sse-dialects/core";
import { loadFixture } from "@sse-dialects/testkit";
import { describe, expect, it } from "vitest";
import { anthropic } from "./anthropic-dialect.js";
import { toMessage } from "./to-message.js";

describe("toMessage", () => {
  it("gives the non-streaming Message of a collected stream", () => {
    const fixture = loadFixture("anthropic", "thinking-with-signature");
    const message = toMessage(accumulate(decodeAll(fixture.bytes, anthropic)));
    expect(message).toEqual({
      id: "msg_01Thinking",
      type: "message",
      role: "assistant",
      model: "claude-opus-4-1-20250805",
      content: [
        {
          type: "thinking",
          thinking: "The user asks for 27 * 453. 27 * 453 = 12231.",
          signature: "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds6D9E7x2Lg+1ZbD7JmAtZ1Y=",
        },
        { type: "text", text: "27 × 453 = 12,231." },
      ],
      stop_reason: "end_turn",
      stop_sequence: null,
      usage: {
        input_tokens: 25,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        output_tokens: 96,
        service_tier: "standard",
        output_tokens_details: { thinking_tokens: 71 },
      },
    });
  });
});
