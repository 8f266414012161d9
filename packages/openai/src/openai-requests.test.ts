import type { ChatRequest, JsonObject } from "@sse-dialects/core";
import { checkRequestRoundTrip, expectRequestError } from "@sse-dialects/testkit";
import { describe, expect, it } from "vitest";
import { openaiRequests } from "./openai-requests.js";

const upstream = { baseUrl: "https://api.openai.com/v1/", model: "gpt-4o" };

/** A request using every field OpenAI's chat-completions reference documents that the model names. */
const full: JsonObject = {
  model: "gpt-4o",
  messages: [
    { role: "developer", content: "Answer in French." },
    { role: "system", content: [{ type: "text", text: "Be brief." }] },
    {
      role: "user",
      name: "ana",
      content: [
        { type: "text", text: "What is in this image, and the weather?" },
        { type: "image_url", image_url: { url: "https://example.com/a.png", detail: "low" } },
        { type: "image_url", image_url: { url: "data:image/jpeg;base64,/9j/AA==" } },
        { type: "input_audio", input_audio: { data: "UklGR", format: "wav" } },
      ],
    },
    {
      role: "assistant",
      content: "Let me look.",
      tool_calls: [
        {
          id: "call_1",
          type: "function",
          function: { name: "weather", arguments: '{"city":"Paris"}' },
        },
      ],
    },
    { role: "tool", tool_call_id: "call_1", content: "18°C" },
    { role: "user", content: "Thanks" },
  ],
  tools: [
    {
      type: "function",
      function: {
        name: "weather",
        description: "Weather of a city",
        parameters: { type: "object", properties: { city: { type: "string" } } },
        strict: true,
      },
    },
  ],
  tool_choice: { type: "function", function: { name: "weather" } },
  parallel_tool_calls: false,
  max_completion_tokens: 300,
  temperature: 0.5,
  top_p: 0.9,
  stop: ["END"],
  seed: 7,
  presence_penalty: 0.1,
  frequency_penalty: 0.2,
  reasoning_effort: "low",
  response_format: {
    type: "json_schema",
    json_schema: { name: "answer", schema: { type: "object" }, strict: true },
  },
  stream: true,
  stream_options: { include_usage: true },
  metadata: { team: "a" },
  user: "u-1",
  store: false,
  n: 1,
  logit_bias: { "50256": -100 },
  service_tier: "flex",
};

describe("openai requests: parse", () => {
  it("reads every field the model names", () => {
    const request = openaiRequests.parse(full, {});
    expect(request).toEqual({
      model: "gpt-4o",
      messages: [
        { role: "developer", content: [{ type: "text", text: "Answer in French." }] },
        { role: "system", content: [{ type: "text", text: "Be brief." }] },
        {
          role: "user",
          name: "ana",
          content: [
            { type: "text", text: "What is in this image, and the weather?" },
            {
              type: "image",
              source: { type: "url", url: "https://example.com/a.png" },
              detail: "low",
            },
            {
              type: "image",
              source: { type: "base64", mediaType: "image/jpeg", data: "/9j/AA==" },
            },
            {
              type: "provider",
              dialect: "openai",
              part: { type: "input_audio", input_audio: { data: "UklGR", format: "wav" } },
            },
          ],
        },
        {
          role: "assistant",
          content: [
            { type: "text", text: "Let me look." },
            { type: "tool-call", id: "call_1", name: "weather", arguments: '{"city":"Paris"}' },
          ],
        },
        {
          role: "tool",
          content: [
            { type: "tool-result", id: "call_1", content: [{ type: "text", text: "18°C" }] },
          ],
        },
        { role: "user", content: [{ type: "text", text: "Thanks" }] },
      ],
      tools: [
        {
          type: "function",
          name: "weather",
          description: "Weather of a city",
          parameters: { type: "object", properties: { city: { type: "string" } } },
          strict: true,
        },
      ],
      toolChoice: { type: "tool", name: "weather" },
      parallelToolCalls: false,
      maxTokens: 300,
      temperature: 0.5,
      topP: 0.9,
      stop: ["END"],
      seed: 7,
      presencePenalty: 0.1,
      frequencyPenalty: 0.2,
      reasoning: { effort: "low" },
      responseFormat: {
        type: "json-schema",
        name: "answer",
        schema: { type: "object" },
        strict: true,
      },
      stream: true,
      includeUsage: true,
      metadata: { team: "a" },
      user: "u-1",
      store: false,
      extra: { openai: { n: 1, logit_bias: { "50256": -100 }, service_tier: "flex" } },
    } satisfies ChatRequest);
  });

  it("takes max_tokens when max_completion_tokens is absent, a stop string, null as absent", () => {
    const request = openaiRequests.parse(
      {
        model: "m",
        messages: [{ role: "assistant", content: null, tool_calls: [] }],
        max_tokens: 5,
        stop: "x",
        temperature: null,
        response_format: { type: "json_object" },
      },
      {},
    );
    expect(request).toEqual({
      model: "m",
      messages: [{ role: "assistant", content: [] }],
      maxTokens: 5,
      stop: ["x"],
      responseFormat: { type: "json" },
      stream: false,
    });
  });

  it("refuses what it cannot read, naming the field", () => {
    expectRequestError(() => openaiRequests.parse({ messages: [] }, {}), "model");
    expectRequestError(() => openaiRequests.parse({ model: "m" }, {}), "messages");
    expectRequestError(
      () =>
        openaiRequests.parse(
          { model: "m", messages: [{ role: "function", name: "f", content: "" }] },
          {},
        ),
      "messages[0].role",
    );
    expectRequestError(
      () => openaiRequests.parse({ model: "m", messages: [{ role: "tool", content: "x" }] }, {}),
      "messages[0].tool_call_id",
    );
    expectRequestError(
      () => openaiRequests.parse({ model: "m", messages: [], temperature: "hot" }, {}),
      "temperature",
    );
    expectRequestError(
      () => openaiRequests.parse({ model: "m", messages: [], max_tokens: -1 }, {}),
      "max_tokens",
    );
    expectRequestError(
      () =>
        openaiRequests.parse(
          { model: "m", messages: [{ role: "user", content: [{ type: "image_url" }] }] },
          {},
        ),
      "messages[0].content[0].image_url.url",
    );
  });
});

describe("openai requests: build", () => {
  it("gives back the body it parsed: nothing is lost in the same dialect", () => {
    const built = openaiRequests.build(openaiRequests.parse(full, {}), {
      ...upstream,
      model: "gpt-4o",
    });
    expect(built.url).toBe("https://api.openai.com/v1/chat/completions");
    expect(built.dropped).toBeUndefined();
    const expected = structuredClone(full);
    // Builders always stream with usage, and write the current name of the token limit.
    (expected.messages as JsonObject[])[1]!.content = "Be brief.";
    expect(built.body).toEqual(expected);
  });

  it("writes the model's forms: top-level system, tool results in a user message, base64 images", () => {
    const request: ChatRequest = {
      model: "x",
      system: [{ type: "text", text: "Be kind." }],
      messages: [
        {
          role: "assistant",
          content: [
            { type: "reasoning", text: "hm", signature: "sig", dialect: "anthropic" },
            { type: "tool-call", id: "t1", name: "f", arguments: "{}" },
          ],
        },
        {
          role: "user",
          content: [
            {
              type: "tool-result",
              id: "t1",
              content: [{ type: "text", text: "ok" }],
              isError: true,
            },
            { type: "image", source: { type: "base64", data: "iVBORw0KGgo=" } },
          ],
          extra: { anthropic: { cache_control: { type: "ephemeral" } } },
        },
      ],
      topK: 3,
      reasoning: { budgetTokens: 4000 },
      stream: false,
    };
    const built = openaiRequests.build(request, upstream);
    expect(built.body).toEqual({
      model: "gpt-4o",
      messages: [
        { role: "system", content: "Be kind." },
        {
          role: "assistant",
          tool_calls: [{ id: "t1", type: "function", function: { name: "f", arguments: "{}" } }],
        },
        { role: "tool", tool_call_id: "t1", content: "ok" },
        {
          role: "user",
          content: [
            { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
          ],
        },
      ],
      reasoning_effort: "medium",
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(built.dropped?.map((drop) => drop.field)).toEqual([
      "messages[0].content[0]",
      "messages[1].content[0].isError",
      "messages[1].cache_control",
      "topK",
    ]);
  });

  it("refuses another dialect's provider tools and parts", () => {
    const base: ChatRequest = { model: "x", messages: [], stream: true };
    expectRequestError(
      () =>
        openaiRequests.build(
          {
            ...base,
            tools: [
              { type: "provider", dialect: "anthropic", tool: { type: "web_search_20250305" } },
            ],
          },
          upstream,
        ),
      "tools[0]",
    );
    expectRequestError(
      () =>
        openaiRequests.build(
          {
            ...base,
            messages: [
              {
                role: "user",
                content: [{ type: "provider", dialect: "anthropic", part: { type: "document" } }],
              },
            ],
          },
          upstream,
        ),
      "messages[0].content[0]",
    );
  });

  it("keeps what it can express through build then parse (property)", () => {
    checkRequestRoundTrip({
      requests: openaiRequests,
      fields: [
        "maxTokens",
        "temperature",
        "topP",
        "stop",
        "seed",
        "presencePenalty",
        "frequencyPenalty",
      ],
      toolChoice: true,
    });
  });
});
