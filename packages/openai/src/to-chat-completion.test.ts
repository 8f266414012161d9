import { accumulate, decodeAll } from "@sse-dialects/core";
import { loadFixture } from "@sse-dialects/testkit";
import { describe, expect, it } from "vitest";
import { openai } from "./openai-dialect.js";
import { toChatCompletion } from "./to-chat-completion.js";

const completionOf = (name: string) =>
  toChatCompletion(accumulate(decodeAll(loadFixture("openai", name).bytes, openai)));

describe("toChatCompletion", () => {
  it("adds a text stream up to OpenAI's non-streaming response", () => {
    expect(completionOf("reasoning-content-deepseek")).toEqual({
      id: "a7c1e0f4-reasoner-0001",
      object: "chat.completion",
      created: 1735690100,
      model: "deepseek-reasoner",
      system_fingerprint: "fp_ds_prod0820_fp8_kvcache",
      choices: [
        {
          index: 0,
          message: {
            role: "assistant",
            content: "2 + 2 = 4",
            refusal: null,
            reasoning_content: "The user asks 2+2. That is 4.",
          },
          logprobs: null,
          finish_reason: "stop",
        },
      ],
      usage: {
        prompt_tokens: 18,
        completion_tokens: 219,
        total_tokens: 237,
        prompt_cache_hit_tokens: 12,
        prompt_cache_miss_tokens: 6,
        prompt_tokens_details: { cached_tokens: 12 },
        completion_tokens_details: { reasoning_tokens: 205 },
      },
    });
  });

  it("assembles parallel tool calls with their arguments as sent", () => {
    const [choice] = completionOf("tool-calls-parallel-split-escapes").choices as {
      message: { tool_calls: unknown; content: unknown };
      finish_reason: string;
    }[];
    expect(choice!.message.content).toBeNull();
    expect(choice!.finish_reason).toBe("tool_calls");
    expect(choice!.message.tool_calls).toEqual([
      {
        id: "call_weatherParis",
        type: "function",
        function: { name: "get_weather", arguments: '{"city": "Paris \\"Centre\\"", "unit": "c"}' },
      },
      {
        id: "call_searchCafe",
        type: "function",
        function: { name: "search", arguments: '{"q": "caf\\u00e9 \\ud83e\\udd50 \\\\ "}' },
      },
    ]);
  });

  it("joins logprobs and keeps refusals", () => {
    const [choice] = completionOf("refusal").choices as unknown as {
      message: { refusal: string; content: unknown };
      logprobs: { refusal: unknown[] };
    }[];
    expect(choice!.message).toMatchObject({
      content: null,
      refusal: "I'm sorry, I can't help with that.",
    });
    expect(choice!.logprobs.refusal).toHaveLength(2);
  });

  it("adds the receipt, the last error and response extras at the top level", () => {
    expect(completionOf("receipt-trailer")).toMatchObject({ receipt_id: "rec_abc123" });
    expect(completionOf("openrouter-mid-stream-error")).toMatchObject({
      provider: "OpenAI",
      error: { code: "server_error", message: "Provider disconnected unexpectedly" },
      choices: [{ finish_reason: "error", message: { content: "The answer is" } }],
    });
    expect(completionOf("cut-off-without-done").error).toMatchObject({
      type: "stream_error",
      code: "cut-off",
    });
  });

  it("gives a choice the stream did not finish `error` when the stream failed", () => {
    const completion = toChatCompletion(
      accumulate([
        { type: "text-delta", choice: 0, text: "Hi" },
        { type: "error", code: "provider-error", message: "down", dialect: "openai", data: "down" },
        { type: "end", reason: "error" },
      ]),
    );
    expect(completion.choices[0]?.finish_reason).toBe("error");
    expect(completion.error).toBe("down");
  });

  it("invents no token usage when the stream had only billing", () => {
    const completion = toChatCompletion(
      accumulate([
        { type: "usage", billing: { tokens_used: 5 } },
        { type: "end", reason: "done" },
      ]),
    );
    expect(completion.usage).toBeUndefined();
    expect(completion.billing).toEqual({ tokens_used: 5 });
  });

  it("puts billing at the top level", () => {
    const completion = toChatCompletion(
      accumulate([
        { type: "usage", totalTokens: 5, billing: { tokens_used: 5, balance_remaining: 95 } },
      ]),
    );
    expect(completion.billing).toEqual({ tokens_used: 5, balance_remaining: 95 });
    expect(completion.usage).toEqual({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 5 });
  });
});
