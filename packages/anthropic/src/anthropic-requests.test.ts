import type { ChatRequest, JsonObject } from "@sse-dialects/core";
import { checkRequestRoundTrip, expectRequestError } from "@sse-dialects/testkit";
import { describe, expect, it } from "vitest";
import { anthropicRequests } from "./anthropic-requests.js";

const upstream = { baseUrl: "https://api.anthropic.com", model: "claude-sonnet-4-5" };

/** A Messages request using every field the model names, with Anthropic's own forms. */
const full: JsonObject = {
  model: "claude-sonnet-4-5",
  max_tokens: 2048,
  system: [
    { type: "text", text: "You are terse." },
    { type: "text", text: "Use tools.", cache_control: { type: "ephemeral" } },
  ],
  messages: [
    {
      role: "user",
      content: [
        { type: "text", text: "Weather?" },
        {
          type: "image",
          source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" },
        },
        { type: "image", source: { type: "url", url: "https://example.com/a.jpg" } },
        { type: "document", source: { type: "text", media_type: "text/plain", data: "doc" } },
      ],
    },
    {
      role: "assistant",
      content: [
        { type: "thinking", thinking: "Need the tool.", signature: "c2ln" },
        { type: "redacted_thinking", data: "cmVk" },
        { type: "text", text: "Checking." },
        { type: "tool_use", id: "toolu_1", name: "weather", input: { city: "Paris" } },
      ],
    },
    {
      role: "user",
      content: [
        {
          type: "tool_result",
          tool_use_id: "toolu_1",
          content: "18°C",
          is_error: false,
          cache_control: { type: "ephemeral" },
        },
        { type: "text", text: "And tomorrow?" },
      ],
    },
  ],
  tools: [
    {
      name: "weather",
      description: "Weather of a city",
      input_schema: { type: "object", properties: { city: { type: "string" } } },
      cache_control: { type: "ephemeral" },
    },
    { type: "web_search_20250305", name: "web_search", max_uses: 2 },
  ],
  tool_choice: { type: "any", disable_parallel_tool_use: true },
  thinking: { type: "enabled", budget_tokens: 1024 },
  temperature: 1,
  top_p: 0.9,
  top_k: 40,
  stop_sequences: ["END"],
  metadata: { user_id: "u-1" },
  stream: true,
  service_tier: "auto",
};

describe("anthropic requests: parse", () => {
  it("reads system blocks, every block type, tools and the sampling fields", () => {
    expect(anthropicRequests.parse(full, {})).toEqual({
      model: "claude-sonnet-4-5",
      system: [
        { type: "text", text: "You are terse." },
        {
          type: "text",
          text: "Use tools.",
          extra: { anthropic: { cache_control: { type: "ephemeral" } } },
        },
      ],
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "Weather?" },
            {
              type: "image",
              source: { type: "base64", mediaType: "image/png", data: "iVBORw0KGgo=" },
            },
            { type: "image", source: { type: "url", url: "https://example.com/a.jpg" } },
            {
              type: "provider",
              dialect: "anthropic",
              part: {
                type: "document",
                source: { type: "text", media_type: "text/plain", data: "doc" },
              },
            },
          ],
        },
        {
          role: "assistant",
          content: [
            { type: "reasoning", text: "Need the tool.", signature: "c2ln", dialect: "anthropic" },
            { type: "reasoning", text: "", redacted: "cmVk", dialect: "anthropic" },
            { type: "text", text: "Checking." },
            { type: "tool-call", id: "toolu_1", name: "weather", arguments: '{"city":"Paris"}' },
          ],
        },
        {
          role: "user",
          content: [
            {
              type: "tool-result",
              id: "toolu_1",
              content: [{ type: "text", text: "18°C" }],
              isError: false,
              extra: { anthropic: { cache_control: { type: "ephemeral" } } },
            },
            { type: "text", text: "And tomorrow?" },
          ],
        },
      ],
      tools: [
        {
          type: "function",
          name: "weather",
          description: "Weather of a city",
          parameters: { type: "object", properties: { city: { type: "string" } } },
          extra: { anthropic: { cache_control: { type: "ephemeral" } } },
        },
        {
          type: "provider",
          dialect: "anthropic",
          tool: { type: "web_search_20250305", name: "web_search", max_uses: 2 },
        },
      ],
      toolChoice: "required",
      parallelToolCalls: false,
      maxTokens: 2048,
      temperature: 1,
      topP: 0.9,
      topK: 40,
      stop: ["END"],
      reasoning: { enabled: true, budgetTokens: 1024 },
      stream: true,
      user: "u-1",
      extra: { anthropic: { service_tier: "auto" } },
    } satisfies ChatRequest);
  });

  it("reads output_config (effort, format) and a tool result of blocks", () => {
    const request = anthropicRequests.parse(
      {
        model: "m",
        max_tokens: 10,
        messages: [
          {
            role: "user",
            content: [
              {
                type: "tool_result",
                tool_use_id: "t",
                content: [{ type: "text", text: "done" }],
                is_error: true,
              },
            ],
          },
        ],
        output_config: {
          effort: "high",
          format: { type: "json_schema", schema: { type: "object" } },
        },
        thinking: { type: "disabled" },
      },
      {},
    );
    expect(request.messages[0]!.content).toEqual([
      { type: "tool-result", id: "t", content: [{ type: "text", text: "done" }], isError: true },
    ]);
    expect(request.reasoning).toEqual({ enabled: false, effort: "high" });
    expect(request.responseFormat).toEqual({ type: "json-schema", schema: { type: "object" } });
  });

  it("refuses what it cannot read, naming the field", () => {
    expectRequestError(() => anthropicRequests.parse({ messages: [] }, {}), "model");
    expectRequestError(
      () => anthropicRequests.parse({ model: "m", messages: [{ role: "tool", content: "x" }] }, {}),
      "messages[0].role",
    );
    expectRequestError(
      () =>
        anthropicRequests.parse(
          { model: "m", messages: [{ role: "user", content: [{ type: "tool_use", name: "f" }] }] },
          {},
        ),
      "messages[0].content[0].id",
    );
    expectRequestError(
      () =>
        anthropicRequests.parse(
          { model: "m", messages: [], system: [{ type: "image", source: {} }] },
          {},
        ),
      "system",
    );
    expectRequestError(
      () =>
        anthropicRequests.parse(
          { model: "m", messages: [], tool_choice: { type: "sometimes" } },
          {},
        ),
      "tool_choice.type",
    );
  });
});

describe("anthropic requests: build", () => {
  it("gives back the body it parsed: nothing is lost in the same dialect", () => {
    const built = anthropicRequests.build(anthropicRequests.parse(full, {}), upstream);
    expect(built.url).toBe("https://api.anthropic.com/v1/messages");
    expect(built.headers).toEqual({ "anthropic-version": "2023-06-01" });
    expect(built.dropped).toBeUndefined();
    expect(built.body).toEqual(full);
  });

  it("uses a base URL that already ends in /v1 as it is", () => {
    const request: ChatRequest = { model: "m", messages: [], stream: false };
    expect(
      anthropicRequests.build(request, { baseUrl: "http://127.0.0.1:9/v1/", model: "m" }).url,
    ).toBe("http://127.0.0.1:9/v1/messages");
  });

  it("moves instructions to system, groups tool results, derives thinking, drops foreign reasoning", () => {
    const request: ChatRequest = {
      model: "gpt",
      messages: [
        { role: "developer", content: [{ type: "text", text: "Be kind." }] },
        {
          role: "assistant",
          content: [
            { type: "reasoning", text: "…", signature: "x", dialect: "gemini" },
            { type: "tool-call", id: "a", name: "f", arguments: '{"x":1}' },
            { type: "tool-call", id: "b", name: "f", arguments: "" },
          ],
        },
        {
          role: "tool",
          content: [{ type: "tool-result", id: "a", content: [{ type: "text", text: "1" }] }],
        },
        {
          role: "tool",
          content: [{ type: "tool-result", id: "b", content: [{ type: "text", text: "2" }] }],
        },
        { role: "user", content: [{ type: "text", text: "Go" }] },
      ],
      maxTokens: 3000,
      reasoning: { effort: "high" },
      toolChoice: "none",
      responseFormat: { type: "json" },
      seed: 1,
      stream: false,
      extra: { openai: { logit_bias: {} } },
    };
    const built = anthropicRequests.build(request, upstream);
    expect(built.body).toEqual({
      model: "claude-sonnet-4-5",
      system: "Be kind.",
      messages: [
        {
          role: "assistant",
          content: [
            { type: "tool_use", id: "a", name: "f", input: { x: 1 } },
            { type: "tool_use", id: "b", name: "f", input: {} },
          ],
        },
        {
          role: "user",
          content: [
            { type: "tool_result", tool_use_id: "a", content: "1" },
            { type: "tool_result", tool_use_id: "b", content: "2" },
          ],
        },
        { role: "user", content: "Go" },
      ],
      max_tokens: 3000,
      tool_choice: { type: "none" },
      thinking: { type: "enabled", budget_tokens: 2999 },
      output_config: { format: { type: "json_schema", schema: { type: "object" } } },
      stream: true,
    });
    expect(built.dropped?.map((drop) => drop.field)).toEqual([
      "messages[1].content[0]",
      "seed",
      "logit_bias",
    ]);
  });

  it("refuses arguments that are not a JSON object, foreign tools and stateful fields", () => {
    const call = (args: string): ChatRequest => ({
      model: "m",
      messages: [
        {
          role: "assistant",
          content: [{ type: "tool-call", id: "a", name: "f", arguments: args }],
        },
      ],
      stream: true,
    });
    expectRequestError(
      () => anthropicRequests.build(call("{oops"), upstream),
      "messages[0].content[0].arguments",
    );
    expectRequestError(
      () => anthropicRequests.build(call("[1]"), upstream),
      "messages[0].content[0].arguments",
    );
    expectRequestError(
      () =>
        anthropicRequests.build(
          {
            model: "m",
            messages: [],
            stream: true,
            tools: [{ type: "provider", dialect: "responses", tool: { type: "web_search" } }],
          },
          upstream,
        ),
      "tools[0]",
    );
    expectRequestError(
      () =>
        anthropicRequests.build(
          {
            model: "m",
            messages: [],
            stream: true,
            stateful: { responses: { previous_response_id: "resp_1" } },
          },
          upstream,
        ),
      "previous_response_id",
    );
  });

  it("keeps what it can express through build then parse (property)", () => {
    checkRequestRoundTrip({
      requests: anthropicRequests,
      fields: ["maxTokens", "temperature", "topP", "topK", "stop"],
      toolChoice: true,
      defaults: { maxTokens: 4096 },
    });
  });
});

describe("anthropic requests: empty messages", () => {
  it("leaves out a message with nothing in it (Anthropic refuses empty content), and lists it", () => {
    const request: ChatRequest = {
      model: "m",
      messages: [
        { role: "user", content: [{ type: "text", text: "Hi" }] },
        { role: "assistant", content: [] },
        { role: "user", content: [{ type: "text", text: "Still there?" }] },
      ],
      stream: true,
    };
    const built = anthropicRequests.build(request, upstream);
    expect(built.body.messages).toEqual([
      { role: "user", content: "Hi" },
      { role: "user", content: "Still there?" },
    ]);
    expect(built.dropped).toEqual([
      { field: "messages[1]", reason: "an empty message: anthropic refuses empty content" },
    ]);
  });
});
