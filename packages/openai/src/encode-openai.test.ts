import { createStreamEncoder, decodeAll, encodeAll, type StreamEvent } from "@sse-dialects/core";
import { checkEventsRoundTrip } from "@sse-dialects/testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { OpenAIEncodeOptions } from "./encode-openai.js";
import { openai } from "./openai-dialect.js";
import { canonicalOpenAIEvents } from "./test/canonical-events.js";

const json = <T>(value: T) => JSON.parse(JSON.stringify(value)) as T;

/** Encodes with a flush after the events `flushes` picks, as streaming pipelines do per batch. */
function encodeInBatches(
  events: StreamEvent[],
  flushes: boolean[],
  options: OpenAIEncodeOptions = {},
) {
  let out = "";
  const encoder = createStreamEncoder(openai, (text) => (out += text), { dialect: options });
  events.forEach((event, i) => {
    encoder.push(event);
    if (flushes[i % Math.max(flushes.length, 1)]) encoder.flush();
  });
  encoder.close();
  return out;
}

const dataLines = (sse: string) =>
  sse
    .split("\n")
    .filter((line) => line.startsWith("data: "))
    .map((line) => line.slice(6));

const start: StreamEvent[] = [
  { type: "metadata", id: "chatcmpl-1", model: "gpt-x", created: 1700000000 },
  { type: "role", choice: 0, role: "assistant" },
  { type: "text-delta", choice: 0, text: "Hi" },
];

describe("encoder", () => {
  it("writes OpenAI chunks stamped with the metadata, and [DONE] last", () => {
    const sse = encodeAll(
      [
        ...start,
        { type: "text-delta", choice: 0, text: " there" },
        { type: "finish", choice: 0, reason: "stop", raw: "stop" },
        { type: "usage", promptTokens: 3, completionTokens: 2, totalTokens: 5, cachedTokens: 1 },
        { type: "end", reason: "done" },
      ],
      openai,
    );
    const stamp =
      '"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"gpt-x"';
    expect(sse).toBe(
      `data: {${stamp},"choices":[{"index":0,"delta":{"role":"assistant","content":"Hi"},"finish_reason":null}]}\n\n` +
        `data: {${stamp},"choices":[{"index":0,"delta":{"content":" there"},"finish_reason":"stop"}]}\n\n` +
        `data: {${stamp},"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5,"prompt_tokens_details":{"cached_tokens":1}}}\n\n` +
        "data: [DONE]\n\n",
    );
  });

  it("puts usage on the finish chunk, or leaves it out, as asked", () => {
    const events: StreamEvent[] = [
      ...start,
      { type: "finish", choice: 0, reason: "stop", raw: "stop" },
      { type: "usage", totalTokens: 5 },
    ];
    const onFinish = dataLines(encodeAll(events, openai, { dialect: { usage: "finish-chunk" } }));
    expect(onFinish).toHaveLength(2);
    expect(JSON.parse(onFinish[0]!)).toMatchObject({
      choices: [{ finish_reason: "stop" }],
      usage: { total_tokens: 5 },
    });
    const omitted = encodeAll(events, openai, { dialect: { usage: "omit" } });
    expect(omitted).not.toContain("usage");
  });

  it("writes the merged usage each time, since clients keep the last one", () => {
    const sse = encodeAll(
      [
        { type: "usage", promptTokens: 10 },
        { type: "usage", completionTokens: 4, billing: { cost: 1 } },
      ],
      openai,
    );
    const chunks = dataLines(sse)
      .filter((d) => d.includes("usage"))
      .map((d) => JSON.parse(d));
    // The API reference requires all three counts; billing has its own key beside `usage`.
    expect(chunks.map((c) => c.usage)).toEqual([
      { prompt_tokens: 10, completion_tokens: 0, total_tokens: 10 },
      { prompt_tokens: 10, completion_tokens: 4, total_tokens: 14 },
    ]);
    expect(chunks.map((c) => c.billing)).toEqual([undefined, { cost: 1 }]);
  });

  it("writes receipts, reasoning and comments as the options say", () => {
    const events: StreamEvent[] = [
      ...start,
      { type: "comment", text: "OPENROUTER PROCESSING" },
      { type: "reasoning-delta", choice: 0, text: "hmm" },
      { type: "receipt", id: "rec_1" },
    ];
    const plain = encodeAll(events, openai);
    expect(plain).toContain('"reasoning_content":"hmm"');
    expect(plain).toContain(": OPENROUTER PROCESSING\n");
    // By default a receipt rides on a chunk with no choices, which every OpenAI client accepts.
    expect(plain).toContain('"model":"gpt-x","choices":[],"receipt_id":"rec_1"}\n\n');
    const trailer = encodeAll(events, openai, { dialect: { receipts: "trailer" } });
    expect(trailer).toContain('data: {"receipt_id":"rec_1"}\n\n');
    const other = encodeAll(events, openai, {
      dialect: { receipts: "omit", reasoningField: "reasoning", comments: false },
    });
    expect(other).toContain('"reasoning":"hmm"');
    expect(other).not.toContain("OPENROUTER");
    expect(other).not.toContain("receipt");
    expect(encodeAll(events, openai, { dialect: { reasoningField: null } })).not.toContain("hmm");
  });

  it("writes errors as a top-level `error`, sharing the chunk of a finish with raw `error`", () => {
    const sse = encodeAll(
      [
        ...start,
        { type: "text-delta", choice: 0, text: "!" },
        { type: "finish", choice: 0, reason: "error", raw: "error" },
        {
          type: "error",
          code: "provider-error",
          message: "down",
          data: { message: "down", code: 502 },
          dialect: "openai",
        },
        { type: "error", code: "cut-off", message: "ended early" },
      ],
      openai,
    );
    const [, finish, cutOff, done] = dataLines(sse);
    expect(dataLines(sse)).toHaveLength(4);
    expect(JSON.parse(finish!)).toMatchObject({
      choices: [{ finish_reason: "error" }],
      error: { message: "down", code: 502 },
    });
    expect(JSON.parse(cutOff!)).toEqual({
      error: { message: "ended early", type: "stream_error", code: "cut-off" },
    });
    expect(done).toBe("[DONE]");
  });

  it("writes OpenAI's name for a finish reason from another dialect", () => {
    const sse = encodeAll([{ type: "finish", choice: 0, reason: "stop", raw: "end_turn" }], openai);
    expect(sse).toContain('"finish_reason":"stop"');
  });

  it("holds nothing back once flushed", () => {
    fc.assert(
      fc.property(canonicalOpenAIEvents, fc.nat(), (events, cut) => {
        const prefix = events.slice(0, cut % events.length);
        // A tool call's end has no wire form of its own: it is written with its finish.
        while (prefix.at(-1)?.type === "tool-call-end") prefix.pop();
        if (prefix.length === 0) return;
        let out = "";
        const encoder = createStreamEncoder(openai, (text) => (out += text));
        for (const event of prefix) encoder.push(event);
        encoder.flush();
        // Decoding what was written so far gives the prefix, then at most a cut-off report
        // (none when a provider's error, final as OpenAI documents it, ended it), then the end.
        const all = decodeAll(out, openai);
        const decoded = all.slice(0, prefix.length);
        const rest = all.slice(prefix.length).map((e) => (e.type === "error" ? e.code : e.type));
        expect(["end", "cut-off,end"]).toContain(rest.join(","));
        expect(json(decoded)).toEqual(json(prefix));
      }),
      { numRuns: 150 },
    );
  });
});

describe("round trip, events first", () => {
  it("decode(encode(events)) equals events for canonical sequences", () => {
    checkEventsRoundTrip(openai, canonicalOpenAIEvents, { numRuns: 300 });
  });

  it("holds however the batches fall and whatever the usage and reasoning options", () => {
    fc.assert(
      fc.property(
        canonicalOpenAIEvents,
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        fc.constantFrom<OpenAIEncodeOptions>(
          {},
          { usage: "finish-chunk" },
          { reasoningField: "reasoning" },
          { usage: "finish-chunk", reasoningField: "reasoning" },
        ),
        (events, flushes, options) => {
          const wire = encodeInBatches(events, flushes, options);
          expect(json(decodeAll(wire, openai))).toEqual(json(events));
        },
      ),
      { numRuns: 300 },
    );
  });
});
