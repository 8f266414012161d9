import { createAutoDecoder, type StreamEvent } from "@sse-dialects/core";
import { dialects } from "@sse-dialects/registry";
import { describe, expect, it } from "vitest";
import { detectOpenAI } from "./detect-openai.js";

const detect = (...data: string[]) =>
  detectOpenAI({ contentType: "text/event-stream", messages: data.map((d) => ({ data: d })) });

const googleError = JSON.stringify({
  error: { code: 429, message: "Resource exhausted", status: "RESOURCE_EXHAUSTED" },
});

describe("detectOpenAI and Google's error", () => {
  it("leaves Google's error object to Gemini, and keeps OpenAI's and OpenRouter's", () => {
    expect(detect(googleError)).toBe("no");
    expect(detect('{"error":{"message":"x","type":"invalid_request_error","code":null}}')).toBe(
      "yes",
    );
    // OpenRouter's error chunk: a number code, no status.
    expect(detect('{"error":{"code":502,"message":"Provider returned error"}}')).toBe("yes");
  });

  it("lets `auto` pick Gemini for an SSE stream whose only event is Google's error", () => {
    const events: StreamEvent[] = [];
    const decoder = createAutoDecoder(dialects, (e) => events.push(e), {
      contentType: "text/event-stream",
    });
    decoder.push(`data: ${googleError}\r\n\r\n`);
    decoder.close();
    expect(decoder.dialect?.name).toBe("gemini");
    expect(events[0]).toMatchObject({
      type: "error",
      code: "provider-error",
      message: "Resource exhausted",
    });
  });
});
