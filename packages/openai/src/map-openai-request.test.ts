import { describe, expect, it } from "vitest";
import { mapOpenAIRequest } from "./map-openai-request.js";
import { openai } from "./openai-dialect.js";

describe("mapOpenAIRequest", () => {
  it("sends the request as it is, asked to stream with usage when the client did not stream", () => {
    const request = { model: "m", messages: [], stream: false, temperature: 0 };
    expect(mapOpenAIRequest(request, "http://u/v1/chat/completions")).toEqual({
      url: "http://u/v1/chat/completions",
      body: { ...request, stream: true, stream_options: { include_usage: true } },
    });
    expect(mapOpenAIRequest({ model: "m", messages: [], stream: true }, "http://u").body).toEqual({
      model: "m",
      messages: [],
      stream: true,
    });
  });

  it("keeps the client's other stream options beside include_usage", () => {
    const request = { model: "m", messages: [], stream_options: { other: 1 } };
    expect(mapOpenAIRequest(request, "http://u").body.stream_options).toEqual({
      other: 1,
      include_usage: true,
    });
  });

  it("is the openai dialect's mapRequest", () => {
    expect(openai.mapRequest).toBe(mapOpenAIRequest);
  });
});
