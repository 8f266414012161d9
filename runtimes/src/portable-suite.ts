/**
 * The library's tests that need no Node-only API, written once and bundled for every runtime
 * (Node, Bun, Deno, workerd, Chromium) from the BUILT packages. Each case asserts what its
 * output means, and returns an observation (plain data) that the driver compares with Node's:
 * the same bytes in, the same events and the same encoded bytes out, everywhere.
 */
import { anthropic } from "@sse-dialects/anthropic";
import { HttpError, openStream } from "@sse-dialects/client";
import {
  type AnyDialect,
  accumulate,
  convert,
  decode,
  decodeAuto,
  encode,
} from "@sse-dialects/core";
import { gemini } from "@sse-dialects/gemini";
import { ollama } from "@sse-dialects/ollama";
import { openai } from "@sse-dialects/openai";
import { createProxyHandler } from "@sse-dialects/proxy";
import { dialects } from "@sse-dialects/registry";
import { responses } from "@sse-dialects/responses";
import { arrayOf, bytesIn, textOf } from "./byte-streams.js";
import { check, same } from "./check.js";
import { ANTHROPIC_SSE, OLLAMA_NDJSON, OPENAI_SSE } from "./wire-samples.js";

export interface CaseResult {
  name: string;
  ok: boolean;
  /** What the case produced, compared with Node's by the driver. */
  observation?: unknown;
  error?: string;
}

type Case = [name: string, run: () => Promise<unknown>];

/** An OpenAI `created` written from the clock when the source had none: not comparable. */
const withoutClock = (text: string) => text.replace(/"created":\d+/g, '"created":0');

const cases: Case[] = [
  [
    "decode: OpenAI SSE cut every 3 bytes gives text, a tool call, finish, usage, end",
    async () => {
      const events = await arrayOf(decode(bytesIn(OPENAI_SSE, 3), openai));
      const whole = await arrayOf(decode(bytesIn(OPENAI_SSE, 1 << 20), openai));
      same(events, whole, "events of a split stream vs of the whole stream");
      const message = accumulate(events);
      const choice = message.choices[0];
      same(choice?.text, "Héllo, wörld 🌍", "text");
      same(
        choice?.toolCalls.map((call) => [call.id, call.name, call.arguments, call.complete]),
        [["call_rt1", "get_weather", '{"city":"Zürich"}', true]],
        "tool calls",
      );
      same(choice?.finish, { reason: "tool_calls", raw: "tool_calls" }, "finish");
      same(
        [message.usage?.promptTokens, message.usage?.completionTokens, message.usage?.totalTokens],
        [5, 7, 12],
        "usage",
      );
      same(events.at(-1), { type: "end", reason: "done" }, "last event");
      return events;
    },
  ],
  [
    "decode: Ollama NDJSON cut every 5 bytes",
    async () => {
      const message = accumulate(await arrayOf(decode(bytesIn(OLLAMA_NDJSON, 5), ollama)));
      same(message.choices[0]?.text, "Grüß dich 👋", "text");
      same(message.choices[0]?.finish?.reason, "stop", "finish");
      same([message.usage?.promptTokens, message.usage?.completionTokens], [3, 2], "usage");
      same(message.end, "done", "end");
      return message;
    },
  ],
  [
    "decodeAuto: the registry detects Anthropic from the bytes",
    async () => {
      const events = await arrayOf(decodeAuto(bytesIn(ANTHROPIC_SSE, 7), dialects));
      const message = accumulate(events);
      same(message.choices[0]?.reasoning, "Brief thought.", "reasoning");
      same(message.choices[0]?.text, "Bonjour ☀ à tous", "text");
      same(message.end, "done", "end");
      return events;
    },
  ],
  [
    "encode: one event sequence into OpenAI, Anthropic, Responses, Gemini and Ollama bytes",
    async () => {
      const events = await arrayOf(decode(bytesIn(OPENAI_SSE, 64), openai));
      const wires: Record<string, string> = {};
      const targets: readonly AnyDialect[] = [openai, anthropic, responses, gemini, ollama];
      for (const dialect of targets) {
        const text = await textOf(encode(events, dialect));
        // Every target reads back to the same text and tool call.
        const back = accumulate(await arrayOf(decode(bytesIn(text, 11), dialect)));
        same(back.choices[0]?.text, "Héllo, wörld 🌍", `${dialect.name}: text read back`);
        same(
          back.choices[0]?.toolCalls.map((call) => [call.name, JSON.parse(call.arguments)]),
          [["get_weather", { city: "Zürich" }]],
          `${dialect.name}: tool call read back`,
        );
        wires[dialect.name] = text;
      }
      check(wires.openai?.endsWith("data: [DONE]\n\n") === true, "OpenAI ends with [DONE]");
      check(wires.anthropic?.includes("event: message_stop") === true, "Anthropic message_stop");
      return wires;
    },
  ],
  [
    "convert: Anthropic SSE → OpenAI SSE, streamed",
    async () => {
      const text = await textOf(convert(bytesIn(ANTHROPIC_SSE, 13), anthropic, openai));
      const message = accumulate(await arrayOf(decode(bytesIn(text, 17), openai)));
      same(message.choices[0]?.text, "Bonjour ☀ à tous", "text");
      same(message.choices[0]?.reasoning, "Brief thought.", "reasoning");
      same(message.choices[0]?.finish?.reason, "stop", "finish");
      check(text.endsWith("data: [DONE]\n\n"), "ends with [DONE]");
      return withoutClock(text);
    },
  ],
  [
    "client: openStream over a fetch Response (toContent, chunks, HTTP errors)",
    async () => {
      const sse = { headers: { "content-type": "text/event-stream" } };
      const stream = await openStream(new Response(bytesIn(OPENAI_SSE, 9), sse));
      same(await stream.toContent(), "Héllo, wörld 🌍", "toContent()");
      const chunks = await (await openStream(new Response(OPENAI_SSE, sse))).toArray("chunks");
      const content = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("");
      same(content, "Héllo, wörld 🌍", "content of the chunks");
      let status: number | undefined;
      try {
        await openStream(
          new Response('{"error":{"message":"Invalid API key","type":"invalid_request_error"}}', {
            status: 401,
            headers: { "content-type": "application/json" },
          }),
        );
      } catch (error) {
        check(error instanceof HttpError, `an HttpError, not ${String(error)}`);
        status = error.status;
        check(
          error.message.includes("Invalid API key"),
          `the provider's message: ${error.message}`,
        );
      }
      same(status, 401, "HTTP status of the rejection");
      return chunks;
    },
  ],
  [
    "proxy: the Fetch handler serves an Anthropic upstream as OpenAI SSE, key from env",
    async () => {
      const seen: { url: string; authorization: string | null; body: unknown }[] = [];
      const handler = createProxyHandler({
        upstream: "https://upstream.invalid/v1/messages",
        from: anthropic,
        apiKeyEnv: "UPSTREAM_API_KEY",
        env: { UPSTREAM_API_KEY: "sk-portable-key" },
        fetch: async (input, init) => {
          const request = new Request(input, init);
          seen.push({
            url: request.url,
            authorization: request.headers.get("authorization"),
            body: await request.json(),
          });
          return new Response(bytesIn(ANTHROPIC_SSE, 10), {
            headers: { "content-type": "text/event-stream" },
          });
        },
      });
      const response = await handler(
        new Request("http://proxy.invalid/v1/chat/completions", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            model: "claude-test",
            messages: [{ role: "user", content: "Salut" }],
            stream: true,
          }),
        }),
      );
      same(response.status, 200, "status");
      check(
        response.headers.get("content-type")?.startsWith("text/event-stream") === true,
        `content-type ${response.headers.get("content-type")}`,
      );
      const text = await textOf(response.body!);
      const message = accumulate(await arrayOf(decode(bytesIn(text, 8), openai)));
      same(message.choices[0]?.text, "Bonjour ☀ à tous", "text served");
      same(seen.length, 1, "upstream requests");
      same(seen[0]?.authorization, "Bearer sk-portable-key", "upstream Authorization");
      return { served: withoutClock(text), upstream: seen };
    },
  ],
];

/** Runs every case (or those whose name includes `only`), each isolated from the others. */
export async function runPortableSuite(only?: string): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const [name, run] of cases) {
    if (only !== undefined && !name.includes(only)) continue;
    try {
      // A round trip through JSON: the driver compares what crosses a process boundary.
      results.push({ name, ok: true, observation: JSON.parse(JSON.stringify(await run())) });
    } catch (error) {
      results.push({ name, ok: false, error: describe(error) });
    }
  }
  return results;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
