import { elumenta, mapElumentaRequest } from "@sse-dialects/elumenta";
import { mapOpenAIRequest, openai } from "@sse-dialects/openai";
import { describe, expect, it } from "vitest";
import { forwardableHeaders } from "./filter-headers.js";
import { requestMapperFor } from "./map-request.js";
import { redactSecrets } from "./redact-secrets.js";

describe("requestMapperFor", () => {
  it("reads the dialect's mapRequest, and auto sends OpenAI's request", () => {
    expect(requestMapperFor(openai)).toBe(mapOpenAIRequest);
    expect(requestMapperFor(elumenta)).toBe(mapElumentaRequest);
    expect(requestMapperFor("auto")).toBe(mapOpenAIRequest);
  });

  it("is undefined for a dialect without mapRequest", () => {
    const { mapRequest: _, ...bare } = elumenta;
    expect(requestMapperFor(bare)).toBeUndefined();
  });
});

describe("forwardableHeaders", () => {
  it("drops hop-by-hop headers, those Connection names, and credentials unless asked", () => {
    const headers = new Headers({
      connection: "close, x-hop",
      "x-hop": "1",
      "transfer-encoding": "chunked",
      authorization: "Bearer c",
      "x-api-key": "c",
      "x-end": "kept",
    });
    expect(Object.fromEntries(forwardableHeaders(headers))).toEqual({ "x-end": "kept" });
    expect(Object.fromEntries(forwardableHeaders(headers, true))).toEqual({
      authorization: "Bearer c",
      "x-api-key": "c",
      "x-end": "kept",
    });
  });
});

describe("redactSecrets", () => {
  it("removes the configured key and anything shaped like a key", () => {
    expect(
      redactSecrets("key my-long-secret-value and sk-abcdef123456", ["my-long-secret-value"]),
    ).toBe("key [redacted] and [redacted]");
    expect(redactSecrets("Authorization: Bearer abc.def", [])).toBe(
      "Authorization: Bearer [redacted]",
    );
    expect(redactSecrets("https://g/models?key=AIza123&alt=sse", [])).toBe(
      "https://g/models?key=[redacted]&alt=sse",
    );
  });
});
