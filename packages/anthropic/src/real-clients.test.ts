import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createAnthropic } from "@ai-sdk/anthropic";
import Anthropic from "@anthropic-ai/sdk";
import { accumulate, decodeAll, encodeAll } from "@sse-dialects/core";
import { openai } from "@sse-dialects/openai";
import { dialects } from "@sse-dialects/registry";
import { loadFixtures, meaningOf } from "@sse-dialects/testkit";
import { jsonSchema, streamText, tool } from "ai";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anthropic } from "./anthropic-dialect.js";
import { projectToAnthropic } from "./test-support/project-anthropic-meaning.js";

/*
 * The judge: what the encoder writes for every fixture of every registered dialect, served by a
 * real HTTP server on 127.0.0.1, read by the official `@anthropic-ai/sdk` (`messages.stream()`,
 * whose `MessageStream` throws on an impossible order) and by the Vercel AI SDK's Anthropic
 * provider. Each must end with the source's text, thinking, tool calls (parsed input), stop
 * reason and usage; a source that carried an error must make the SDK raise it. And the other
 * way: every Anthropic fixture converted to OpenAI chunks, read by the official `openai` SDK
 * (pings, server-tool blocks and citations must not break it).
 */

const wires = new Map<string, string>();
let server: Server;
let root = "";

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on("end", async () => {
      const key = decodeURIComponent(request.url?.split("/")[1] ?? "");
      const wire = wires.get(key);
      if (wire === undefined) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { "content-type": anthropic.contentType });
      // One SSE event per write, as a live stream arrives.
      for (const piece of wire.split(/(?<=\n\n)/)) {
        response.write(piece);
        await new Promise((next) => setImmediate(next));
      }
      response.end();
    });
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((done) => server.close(done));
});

/** Anthropic's stop reason for a unified one (what the encoder writes for a foreign source). */
const STOP_REASON: Readonly<Record<string, string>> = {
  stop: "end_turn",
  length: "max_tokens",
  tool_calls: "tool_use",
  content_filter: "refusal",
};

interface Expected {
  text: string;
  thinking: { thinking: string; signature: string }[];
  toolCalls: { id: string; name: string; input: unknown }[];
  stopReason: string | null;
  usage: { input: number; output: number; cacheRead: number | undefined };
  error: string | undefined;
}

/** What the source's events say, in Anthropic's terms, read from the accumulated source. */
function expectedOf(source: string, events: ReturnType<typeof decodeAll>): Expected {
  const message = accumulate(events);
  const meaning = projectToAnthropic(meaningOf(message));
  const choice = meaning.choices[0];
  const raw = message.choices[0]?.finish?.raw;
  const usage = meaning.usage;
  const cache = (usage?.cachedTokens ?? 0) + (usage?.cacheWriteTokens ?? 0);
  const parts = message.choices[0]?.parts ?? [];
  return {
    text: choice?.text ?? "",
    thinking: parts.flatMap((part) =>
      part.type === "reasoning" && part.redacted === undefined
        ? [{ thinking: part.text, signature: part.signature ?? "" }]
        : [],
    ),
    // A call cut short has no input to compare: the SDK raises the error instead.
    toolCalls:
      message.errors.length > 0
        ? []
        : (choice?.toolCalls ?? []).map((call) => ({
            id: call.id,
            name: call.name,
            input: JSON.parse(call.arguments),
          })),
    stopReason:
      choice?.finish === undefined
        ? null
        : source === "anthropic" && raw !== undefined
          ? raw
          : STOP_REASON[choice.finish]!,
    usage: {
      input: Math.max(0, (usage?.promptTokens ?? 0) - cache),
      output: usage?.completionTokens ?? 0,
      cacheRead: usage?.cachedTokens,
    },
    error: message.errors[0]?.message,
  };
}

const cases = dialects.flatMap((source) =>
  loadFixtures(source.name).map((fixture) => {
    const events = decodeAll(fixture.bytes, source);
    const key = `${source.name}--${fixture.name}`;
    const original = new TextDecoder().decode(fixture.bytes);
    return { key, source: source.name, wire: encodeAll(events, anthropic), events, original };
  }),
);

/**
 * Fixtures whose source Anthropic stream itself fails the AI SDK's strict event schema (an event
 * type and a block type from after its release): our output, which writes them back, must fail
 * the same way, and no more.
 */
const REJECTED_BY_AI_SDK = new Set(["anthropic--unknown-event-and-comment"]);

describe("@anthropic-ai/sdk reads the encoder's output of every fixture", () => {
  it.each(cases)("$key", async ({ key, source, wire, events }) => {
    wires.set(key, wire);
    const expected = expectedOf(source, events);
    const client = new Anthropic({
      baseURL: `${root}/${encodeURIComponent(key)}`,
      apiKey: "test-key",
      maxRetries: 0,
    });
    const stream = client.messages.stream({
      model: "claude-test",
      max_tokens: 1024,
      messages: [{ role: "user", content: "hi" }],
    });
    if (expected.error !== undefined) {
      const error = await stream.finalMessage().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(Anthropic.APIError);
      expect((error as InstanceType<typeof Anthropic.APIError>).apiMessage).toBe(expected.error);
      return;
    }
    const final = await stream.finalMessage();
    const text = final.content.flatMap((b) => (b.type === "text" ? [b.text] : [])).join("");
    const thinking = final.content.flatMap((b) =>
      b.type === "thinking" ? [{ thinking: b.thinking, signature: b.signature }] : [],
    );
    const toolCalls = final.content.flatMap((b) =>
      b.type === "tool_use" ? [{ id: b.id, name: b.name, input: b.input }] : [],
    );
    expect({ text, thinking, toolCalls, stopReason: final.stop_reason }).toEqual({
      text: expected.text,
      thinking: expected.thinking,
      toolCalls: expected.toolCalls,
      stopReason: expected.stopReason,
    });
    expect({
      input: final.usage.input_tokens,
      output: final.usage.output_tokens,
      cacheRead: final.usage.cache_read_input_tokens ?? undefined,
    }).toEqual(expected.usage);
  });
});

describe("the Vercel AI SDK's Anthropic provider reads the encoder's output of every fixture", () => {
  const anyObject = jsonSchema<Record<string, unknown>>({ type: "object" });
  async function read(key: string, names: Set<string>) {
    const provider = createAnthropic({
      baseURL: `${root}/${encodeURIComponent(key)}/v1`,
      apiKey: "k",
    });
    const errors: unknown[] = [];
    const result = streamText({
      model: provider("claude-test"),
      prompt: "hi",
      maxRetries: 0,
      onError: ({ error }) => {
        errors.push(error);
      },
      tools: Object.fromEntries([...names].map((name) => [name, tool({ inputSchema: anyObject })])),
    });
    await result.consumeStream();
    return { result, errors };
  }

  it.each(cases)("$key", async ({ key, source, wire, events, original }) => {
    wires.set(key, wire);
    const expected = expectedOf(source, events);
    if (REJECTED_BY_AI_SDK.has(key)) {
      wires.set(`${key}--source`, original);
      const [ours, theirs] = await Promise.all([
        read(key, new Set()),
        read(`${key}--source`, new Set()),
      ]);
      expect(ours.errors.length).toBeGreaterThan(0);
      expect(theirs.errors.length).toBeGreaterThan(0);
      return;
    }
    const names = new Set(expected.toolCalls.map((call) => call.name));
    const { result, errors } = await read(key, names);
    if (expected.error !== undefined) {
      expect(errors.length).toBeGreaterThan(0);
      return;
    }
    expect(errors).toEqual([]);
    const [text, toolCalls, usage] = await Promise.all([
      result.text,
      result.toolCalls,
      result.usage,
    ]);
    expect(text).toBe(expected.text);
    // Server tools (web search) are the provider's own calls, which the AI SDK lists too.
    const clientCalls = toolCalls.filter((c) => c.providerExecuted !== true);
    expect(
      clientCalls.map((c) => ({ id: c.toolCallId, name: c.toolName, input: c.input })),
    ).toEqual(expected.toolCalls);
    expect(usage.outputTokens).toBe(expected.usage.output);
  });
});

/** The unified finish reason as an OpenAI client reads it (what has no OpenAI name is `stop`). */
const FINISH_REASON: Readonly<Record<string, string>> = {
  stop: "stop",
  length: "length",
  tool_calls: "tool_calls",
  content_filter: "content_filter",
  other: "stop",
};

describe("the openai SDK reads every Anthropic fixture converted to OpenAI chunks", () => {
  const anthropicCases = loadFixtures("anthropic").map((fixture) => {
    const events = decodeAll(fixture.bytes, anthropic);
    return { key: `to-openai--${fixture.name}`, wire: encodeAll(events, openai), events };
  });

  it.each(anthropicCases)("$key", async ({ key, wire, events }) => {
    wires.set(key, wire);
    const message = accumulate(events);
    const meaning = meaningOf(message);
    const client = new OpenAI({
      baseURL: `${root}/${encodeURIComponent(key)}/v1`,
      apiKey: "test-key",
      maxRetries: 0,
    });
    const read = async () => {
      const stream = await client.chat.completions.create({
        model: "m",
        messages: [{ role: "user", content: "hi" }],
        stream: true,
        stream_options: { include_usage: true },
      });
      const seen = {
        text: "",
        toolCalls: [] as { id: string; name: string; arguments: string }[],
        finish: undefined as string | undefined,
        usage: undefined as { prompt: number; completion: number } | undefined,
      };
      for await (const chunk of stream) {
        if (chunk.usage)
          seen.usage = {
            prompt: chunk.usage.prompt_tokens,
            completion: chunk.usage.completion_tokens,
          };
        for (const choice of chunk.choices) {
          seen.text += choice.delta.content ?? "";
          for (const fragment of choice.delta.tool_calls ?? []) {
            seen.toolCalls[fragment.index] ??= { id: "", name: "", arguments: "" };
            const call = seen.toolCalls[fragment.index]!;
            call.id += fragment.id ?? "";
            call.name += fragment.function?.name ?? "";
            call.arguments += fragment.function?.arguments ?? "";
          }
          if (choice.finish_reason) seen.finish = choice.finish_reason;
        }
      }
      return seen;
    };
    if (message.errors.length > 0) {
      await expect(read()).rejects.toThrow(message.errors[0]!.message);
      return;
    }
    const choice = meaning.choices[0]!;
    expect(await read()).toEqual({
      text: choice.text,
      toolCalls: choice.toolCalls,
      finish: FINISH_REASON[choice.finish!],
      usage: { prompt: meaning.usage!.promptTokens, completion: meaning.usage!.completionTokens },
    });
  });
});
