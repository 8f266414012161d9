import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createOpenAI } from "@ai-sdk/openai";
import { accumulate, decodeAll, encodeAll, type StreamEvent } from "@sse-dialects/core";
import { loadFixture } from "@sse-dialects/testkit";
import { jsonSchema, streamText, tool } from "ai";
import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";
import type { OpenAIEncodeOptions } from "./encode-openai.js";
import { openai } from "./openai-dialect.js";

/*
 * The encoder's output, served by a real HTTP server on 127.0.0.1, read by the official `openai`
 * SDK and by the Vercel AI SDK: both must get the text, tool calls, finish reason and usage the
 * events say, and an error event must make the `openai` SDK throw.
 */

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done))));
});

/** Serves `sse` to every request, one SSE event per write, as a live stream arrives. */
async function serve(sse: string): Promise<string> {
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", async () => {
      response.writeHead(200, { "content-type": openai.contentType });
      for (const piece of sse.split(/(?<=\n\n)/)) {
        response.write(piece);
        await new Promise((next) => setImmediate(next));
      }
      response.end();
    });
  });
  servers.push(server);
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}

interface Seen {
  text: string;
  toolCalls: { id: string; name: string; arguments: string }[];
  finish: string | undefined;
  usage: { prompt: number; completion: number; total: number } | undefined;
}

async function readWithOpenAI(baseURL: string): Promise<Seen> {
  const client = new OpenAI({ baseURL, apiKey: "test-key", maxRetries: 0 });
  const stream = await client.chat.completions.create({
    model: "m",
    messages: [{ role: "user", content: "hi" }],
    stream: true,
    stream_options: { include_usage: true },
  });
  const seen: Seen = { text: "", toolCalls: [], finish: undefined, usage: undefined };
  for await (const chunk of stream) {
    if (chunk.usage) {
      const u = chunk.usage;
      seen.usage = {
        prompt: u.prompt_tokens,
        completion: u.completion_tokens,
        total: u.total_tokens,
      };
    }
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
}

async function readWithVercel(baseURL: string): Promise<Seen> {
  const provider = createOpenAI({ baseURL, apiKey: "test-key" });
  const anyObject = jsonSchema<Record<string, unknown>>({ type: "object" });
  const result = streamText({
    model: provider.chat("m"),
    prompt: "hi",
    maxRetries: 0,
    // Errors are read from the result; the SDK would also log them.
    onError: () => {},
    tools: {
      get_weather: tool({ inputSchema: anyObject }),
      search: tool({ inputSchema: anyObject }),
    },
  });
  const [text, toolCalls, finish, usage] = await Promise.all([
    result.text,
    result.toolCalls,
    result.finishReason,
    result.usage,
  ]);
  return {
    text,
    toolCalls: toolCalls.map((c) => ({
      id: c.toolCallId,
      name: c.toolName,
      arguments: JSON.stringify(c.input),
    })),
    finish,
    usage: {
      prompt: usage.inputTokens ?? -1,
      completion: usage.outputTokens ?? -1,
      total: usage.totalTokens ?? -1,
    },
  };
}

const events: StreamEvent[] = [
  { type: "metadata", id: "chatcmpl-real", model: "gpt-test", created: 1700000000 },
  { type: "role", choice: 0, role: "assistant" },
  { type: "text-delta", choice: 0, text: "Let me check — " },
  { type: "text-delta", choice: 0, text: "ünïcode 🌦️." },
  { type: "tool-call-start", choice: 0, index: 0, id: "call_a", name: "get_weather" },
  { type: "tool-call-delta", choice: 0, index: 0, delta: '{"city":"Par' },
  { type: "tool-call-start", choice: 0, index: 1, id: "call_b", name: "search" },
  { type: "tool-call-delta", choice: 0, index: 1, delta: '{"q":"caf\\u00' },
  { type: "tool-call-delta", choice: 0, index: 0, delta: 'is \\"C\\""}' },
  { type: "tool-call-delta", choice: 0, index: 1, delta: 'e9"}' },
  { type: "tool-call-end", choice: 0, index: 0 },
  { type: "tool-call-end", choice: 0, index: 1 },
  { type: "finish", choice: 0, reason: "tool_calls", raw: "tool_calls" },
  { type: "usage", promptTokens: 31, completionTokens: 17, totalTokens: 48, cachedTokens: 4 },
  { type: "end", reason: "done" },
];

describe("real clients read the encoder's output", () => {
  it.each<[string, OpenAIEncodeOptions]>([
    ["usage in a separate chunk", {}],
    ["usage on the finish chunk", { usage: "finish-chunk" }],
  ])("the openai SDK and the Vercel AI SDK agree with the events (%s)", async (_, options) => {
    const message = accumulate(events);
    const choice = message.choices[0]!;
    const expected = {
      text: choice.text,
      toolCalls: choice.toolCalls.map(({ id, name, arguments: args }) => ({
        id,
        name,
        arguments: args,
      })),
      usage: { prompt: 31, completion: 17, total: 48 },
    };
    const baseURL = await serve(encodeAll(events, openai, { dialect: options }));

    const sdk = await readWithOpenAI(baseURL);
    expect(sdk).toEqual({ ...expected, finish: "tool_calls" });

    const vercel = await readWithVercel(baseURL);
    expect(vercel).toEqual({
      ...expected,
      // The AI SDK hands back parsed input; compare the JSON it stands for.
      toolCalls: expected.toolCalls.map((c) => ({
        ...c,
        arguments: JSON.stringify(JSON.parse(c.arguments)),
      })),
      finish: "tool-calls",
    });
  });

  it("both read a re-encoded real-world shape (Azure's filter chunk, usage details)", async () => {
    const fixture = loadFixture("openai", "azure-content-filter");
    const decoded = decodeAll(fixture.bytes, openai);
    const baseURL = await serve(encodeAll(decoded, openai));
    const sdk = await readWithOpenAI(baseURL);
    expect(sdk).toMatchObject({
      text: "Capital of France: Paris.",
      finish: "stop",
      usage: { prompt: 12, completion: 8, total: 20 },
    });
    const vercel = await readWithVercel(baseURL);
    expect(vercel).toMatchObject({
      text: "Capital of France: Paris.",
      finish: "stop",
      usage: { prompt: 12, completion: 8, total: 20 },
    });
  });

  it("an error event makes the openai SDK throw, and the Vercel AI SDK report an error", async () => {
    const failing: StreamEvent[] = [
      ...events.slice(0, 3),
      { type: "error", code: "cut-off", message: "The upstream ended early" },
      { type: "end", reason: "cut-off" },
    ];
    const baseURL = await serve(encodeAll(failing, openai));
    await expect(readWithOpenAI(baseURL)).rejects.toThrow(/The upstream ended early/);

    const provider = createOpenAI({ baseURL, apiKey: "test-key" });
    const parts: string[] = [];
    const result = streamText({
      model: provider.chat("m"),
      prompt: "hi",
      maxRetries: 0,
      onError: () => {},
    });
    for await (const part of result.fullStream) parts.push(part.type);
    expect(parts).toContain("error");
  });

  it("a provider's own error object reaches the openai SDK as it was sent", async () => {
    const baseURL = await serve(
      encodeAll(
        [
          {
            type: "error",
            code: "provider-error",
            message: "Rate limited",
            data: { message: "Rate limited", code: "rate_limit_exceeded" },
            dialect: "openai",
          },
          { type: "end", reason: "error" },
        ],
        openai,
      ),
    );
    const error = await readWithOpenAI(baseURL).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe("rate_limit_exceeded");
  });

  it("receipts reach both clients on a chunk; the bare trailer form breaks the Vercel AI SDK", async () => {
    const withReceipt: StreamEvent[] = [
      ...events.slice(0, 4),
      { type: "finish", choice: 0, reason: "stop", raw: "stop" },
      { type: "receipt", id: "rec_1" },
      { type: "end", reason: "done" },
    ];
    const read = async (sse: string) => {
      const client = new OpenAI({ baseURL: await serve(sse), apiKey: "k", maxRetries: 0 });
      const chunks: Record<string, unknown>[] = [];
      for await (const chunk of await client.chat.completions.create({
        model: "m",
        messages: [],
        stream: true,
      }))
        chunks.push(chunk as unknown as Record<string, unknown>);
      return chunks;
    };
    // Default: on the finish chunk, where seed 000's `chunk.choices[0]?.delta` code still works.
    const chunks = await read(encodeAll(withReceipt, openai));
    expect(chunks.at(-1)).toMatchObject({
      receipt_id: "rec_1",
      choices: [{ finish_reason: "stop" }],
    });
    expect((await readWithVercel(await serve(encodeAll(withReceipt, openai)))).finish).toBe("stop");

    // The trailer form (seed 000's wire exactly): the openai SDK passes it on as a bare object;
    // the AI SDK validates every payload as a chunk or an error and fails the stream.
    const trailer = encodeAll(withReceipt, openai, { dialect: { receipts: "trailer" } });
    expect((await read(trailer)).at(-1)).toEqual({ receipt_id: "rec_1" });
    expect((await readWithVercel(await serve(trailer))).finish).toBe("error");
  });
});
