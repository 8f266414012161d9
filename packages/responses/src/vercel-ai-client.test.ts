import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createOpenAI } from "@ai-sdk/openai";
import { accumulate, decodeAll, encodeAll } from "@sse-dialects/core";
import { dialects } from "@sse-dialects/registry";
import { loadFixtures, meaningOf } from "@sse-dialects/testkit";
import { jsonSchema, streamText, type ToolSet, tool } from "ai";
import { afterAll, describe, expect, it } from "vitest";
import { responses } from "./responses-dialect.js";
import { projectToResponses } from "./test-support/project-responses-meaning.js";

/*
 * A second real client: the Vercel AI SDK (`ai` with `@ai-sdk/openai`'s `openai.responses(model)`
 * provider, which validates every Responses event against its own schema) reads what our encoder
 * writes from every fixture of every registered dialect, served by a `node:http` server on
 * 127.0.0.1. A stream that ended well gives the source's text, reasoning, tool calls, finish and
 * usage; one that ended in an error gives the SDK an `error` part and finish `error`.
 */

let body = "";
const server: Server = createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    response.writeHead(200, { "content-type": responses.contentType });
    response.end(body);
  });
});
const baseURL = await new Promise<string>((ready) =>
  server.listen(0, "127.0.0.1", () =>
    ready(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`),
  ),
);
afterAll(() => new Promise<void>((done) => server.close(() => done())));

const provider = createOpenAI({ baseURL, apiKey: "test-key" });
const anyObject = jsonSchema<Record<string, unknown>>({ type: "object" });

/** The AI SDK's unified finish reasons for the normalized ones (a failed response: `error`). */
const FINISH = {
  stop: "stop",
  length: "length",
  content_filter: "content-filter",
  tool_calls: "tool-calls",
} as const;

const sources = dialects.flatMap((d) => loadFixtures(d.name).map((f) => [d, f] as const));

describe("the Vercel AI SDK's openai.responses() reads the encoder's output", () => {
  it.each(sources.map(([d, f]) => [`${d.name}/${f.name}`, d, f] as const))(
    "%s",
    async (_, dialect, fixture) => {
      const events = decodeAll(fixture.bytes, dialect);
      const meaning = projectToResponses(meaningOf(accumulate(events)));
      const choice = meaning.choices[0];
      body = encodeAll(events, responses);
      // The SDK reports a call to a tool it was not given as a tool error: each source's own.
      const tools: ToolSet = {};
      for (const call of choice?.toolCalls ?? [])
        tools[call.name] = tool({ inputSchema: anyObject });
      const errors: unknown[] = [];
      const result = streamText({
        model: provider.responses("m"),
        prompt: "hi",
        maxRetries: 0,
        tools,
        onError: ({ error }) => {
          errors.push(error);
        },
      });
      const parts: string[] = [];
      for await (const part of result.fullStream) parts.push(part.type);
      if (meaning.end !== "done") {
        expect(parts).toContain("error");
        expect(errors.length).toBeGreaterThan(0);
        const [first] = errors as { message?: string }[];
        expect(first?.message ?? String(first)).toContain(meaning.errors[0]!);
        return;
      }
      const [text, reasoning, toolCalls, finish, usage] = await Promise.all([
        result.text,
        result.reasoningText,
        result.toolCalls,
        result.finishReason,
        result.totalUsage,
      ]);
      expect(errors).toEqual([]);
      // The AI SDK has no refusal part: it hands a message's refusal over as text.
      expect(text).toBe((choice?.text ?? "") + (choice?.refusal ?? ""));
      expect(reasoning ?? "").toBe(choice?.reasoning ?? "");
      // Built-in tools (web search) are calls the provider executed: not the source's functions.
      const functions = toolCalls.filter((c) => c.providerExecuted !== true);
      expect(
        functions.map((c) => ({ id: c.toolCallId, name: c.toolName, input: c.input })),
      ).toEqual(
        (choice?.toolCalls ?? []).map((c) => ({
          id: c.id,
          name: c.name,
          input: JSON.parse(c.arguments || "{}"),
        })),
      );
      const source = accumulate(events).choices.find((c) => c.index === 0)?.finish?.reason;
      const expected =
        source === "length" || source === "content_filter"
          ? FINISH[source]
          : (choice?.toolCalls.length ?? 0) > 0
            ? "tool-calls"
            : // The AI SDK's own reading of a completed response that refused.
              (choice?.refusal ?? "") !== ""
              ? "content-filter"
              : "stop";
      expect(finish).toBe(expected);
      if (meaning.usage !== undefined) {
        expect(usage).toMatchObject({
          inputTokens: meaning.usage.promptTokens,
          outputTokens: meaning.usage.completionTokens,
          totalTokens: meaning.usage.totalTokens,
          reasoningTokens: meaning.usage.reasoningTokens,
          cachedInputTokens: meaning.usage.cachedTokens,
        });
      }
    },
  );
});
