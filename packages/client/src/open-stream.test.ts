import { accumulate, type StreamEvent } from "@sse-dialects/core";
import { elumenta } from "@sse-dialects/elumenta";
import type { ChatCompletionChunk } from "@sse-dialects/openai";
import { openai } from "@sse-dialects/openai";
import { loadFixture } from "@sse-dialects/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IncompleteStreamError } from "./incomplete-stream-error.js";
import { openStream } from "./open-stream.js";
import type { StreamOptions } from "./stream-options.js";
import { startTestServer, type TestServer } from "./test-support/serve-streams.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const asJson = <T>(value: T): T =>
  value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);

function open(path: string, options: StreamOptions = {}) {
  return openStream(fetch(`${server.url}${path}`), options);
}

/** The complete streams: one OpenAI stream with a usage chunk, a receipt-trailer stream, an Elumenta stream. */
const complete = [
  { dialect: "openai", name: "text-with-usage-chunk" },
  { dialect: "openai", name: "receipt-trailer" },
  { dialect: "openai", name: "tool-calls-parallel-split-escapes" },
  { dialect: "elumenta", name: "plain" },
] as const;

describe.each(complete)("a complete $dialect/$name stream, read by the same code", (fx) => {
  const fixture = loadFixture(fx.dialect, fx.name);
  const expected = fixture.events!;
  const message = accumulate(expected);
  const text = message.choices[0]?.text ?? "";
  const path = `/fixture/${fx.dialect}/${fx.name}`;

  it("iterates the normalized events, detecting the dialect", async () => {
    const stream = await open(path);
    const events: StreamEvent[] = [];
    for await (const event of stream) events.push(event);
    expect(asJson(events)).toEqual(expected);
    expect(stream.dialect?.name).toBe(fx.dialect);
  });

  it("iterates OpenAI chat.completion.chunk objects", async () => {
    const stream = await open(path);
    let content = "";
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream.chunks()) {
      chunks.push(chunk);
      content += chunk.choices[0]?.delta?.content ?? "";
    }
    expect(content).toBe(text);
    expect(chunks.every((c) => c.object === "chat.completion.chunk")).toBe(true);
    expect(chunks.every((c) => c.id === (message.id ?? ""))).toBe(true);
    const finishes = chunks.flatMap((c) => c.choices.map((choice) => choice.finish_reason));
    expect(finishes.filter((f) => f !== null)).toEqual(
      message.choices.map((c) => c.finish?.reason),
    );
    const toolArguments = chunks
      .flatMap((c) => c.choices[0]?.delta.tool_calls ?? [])
      .reduce<string[]>((args, call) => {
        args[call.index] = (args[call.index] ?? "") + call.function.arguments;
        return args;
      }, []);
    expect(toolArguments).toEqual(message.choices[0]?.toolCalls.map((c) => c.arguments) ?? []);
  });

  it("calls back in order: chunks, content with the text so far, progress, then done", async () => {
    const stream = await open(path);
    const calls: string[] = [];
    const accumulatedSeen: string[] = [];
    const tokens: number[] = [];
    let chunkCount = 0;
    let done: { full: string; total: number | undefined } | undefined;
    await stream.process({
      onChunk: () => {
        chunkCount++;
      },
      onContent: (delta, accumulated) => {
        calls.push(delta);
        accumulatedSeen.push(accumulated);
      },
      onProgress: (progress) => tokens.push(progress.tokens),
      onDone: (full, usage) => {
        done = { full, total: usage?.totalTokens };
      },
      onError: (error) => {
        throw error;
      },
    });
    const deltas = expected.flatMap((e) => (e.type === "text-delta" ? [e.text] : []));
    expect(calls).toEqual(deltas);
    expect(accumulatedSeen).toEqual(deltas.map((_, i) => deltas.slice(0, i + 1).join("")));
    expect(chunkCount).toBeGreaterThan(0);
    expect(tokens).toEqual([...tokens].sort((a, b) => a - b));
    expect(tokens.at(-1)).toBe(message.usage?.completionTokens ?? stream.progress.tokens);
    expect(done).toEqual({ full: text, total: message.usage?.totalTokens });
  });

  it("collects the content, the events, the chunks and the chat.completion", async () => {
    expect(await (await open(path)).toContent()).toBe(text);
    expect(asJson(await (await open(path)).toArray())).toEqual(expected);
    const chunks = await (await open(path)).toArray("chunks");
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? "").join("")).toBe(text);
    const completion = await (await open(path)).toChatCompletion();
    expect(completion).toMatchObject({
      object: "chat.completion",
      choices: [{ index: 0, message: { content: text === "" ? null : text } }],
    });
    expect(completion.receipt_id).toBe(message.receiptId);
    const final = await (await open(path)).finalMessage();
    expect(asJson(final)).toEqual(asJson(message));
  });

  it("exposes receipt, usage, finish reason and billing after completion", async () => {
    const stream = await open(path);
    let whileReading: Promise<unknown> | undefined;
    for await (const event of stream) {
      // Waiting for the result alongside the reader, as soon as it has begun.
      whileReading ??= stream.finalMessage();
      if (event.type === "receipt") expect(stream.receiptId).toBe(event.id);
      if (event.type === "metadata") expect(stream.receiptId).toBeUndefined();
    }
    expect(asJson(await whileReading)).toEqual(asJson(message));
    expect(stream.receiptId).toBe(message.receiptId);
    expect(asJson(stream.usage)).toEqual(asJson(message.usage));
    expect(stream.finishReason).toBe(message.choices[0]?.finish?.reason);
    expect(stream.billing).toEqual(message.usage?.billing);
  });

  it("lets finalMessage() be asked for just before the loop that reads the stream", async () => {
    const stream = await open(path);
    const final = stream.finalMessage();
    const seen: StreamEvent[] = [];
    for await (const event of stream) seen.push(event);
    expect(asJson(seen)).toEqual(expected);
    expect(asJson(await final)).toEqual(asJson(message));
  });
});

it("reads the receipt id, usage and billing the seeds promise", async () => {
  const receipt = await open("/fixture/openai/receipt-trailer");
  expect(await receipt.toContent()).toBe("Hello!");
  expect(receipt.receiptId).toBe("rec_abc123");
  const billed = await open("/fixture/elumenta/plain");
  expect(await billed.toContent()).toBe("Here are the numbers");
  expect(billed.billing).toEqual({ tokens_used: 3, balance_remaining: 297 });
  expect(billed.finishReason).toBe("stop");
  const counted = await open("/fixture/openai/text-with-usage-chunk");
  await counted.toContent();
  expect(counted.usage?.totalTokens).toBe(29);
});

it("decodes with a dialect given by the caller", async () => {
  const stream = await open("/fixture/elumenta/plain", { dialect: elumenta });
  expect(await stream.toContent()).toBe("Here are the numbers");
  expect(stream.dialect).toBe(elumenta);
  const given = await open("/fixture/openai/receipt-trailer", { dialect: openai });
  expect(await given.toContent()).toBe("Hello!");
  expect(given.receiptId).toBe("rec_abc123");
});

/** Streams that fail: a provider error mid-stream, or bytes that stop before the terminator. */
const failing = [
  { dialect: "openai", name: "openrouter-mid-stream-error", code: "provider-error" },
  { dialect: "openai", name: "cut-off-without-done", code: "cut-off" },
  { dialect: "elumenta", name: "error-after-deltas", code: "provider-error" },
  { dialect: "elumenta", name: "cut-off-no-done", code: "cut-off" },
] as const;

describe.each(failing)("a failing $dialect/$name stream", (fx) => {
  const expected = loadFixture(fx.dialect, fx.name).events!;
  const firstError = expected.findIndex((e) => e.type === "error");
  const partial = accumulate(expected.slice(0, firstError)).choices[0]?.text ?? "";
  const path = `/fixture/${fx.dialect}/${fx.name}`;

  it("throws from iteration after the events before the error", async () => {
    const stream = await open(path);
    const events: StreamEvent[] = [];
    const error = await (async () => {
      for await (const event of stream) events.push(event);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IncompleteStreamError);
    expect(error).toMatchObject({ code: fx.code, partialContent: partial });
    expect(asJson(events)).toEqual(expected.slice(0, firstError));
    expect(partial).not.toBe("");
  });

  it("yields the error event when asked, and still fails the collectors", async () => {
    const stream = await open(path, { errors: "yield" });
    let result: Promise<unknown> | undefined;
    const events: StreamEvent[] = [];
    for await (const event of stream) {
      result ??= stream.finalMessage();
      events.push(event);
    }
    expect(asJson(events)).toEqual(expected);
    expect(events.at(-1)).toEqual({
      type: "end",
      reason: fx.code === "cut-off" ? "cut-off" : "error",
    });
    await expect(result).rejects.toMatchObject({ code: fx.code, partialContent: partial });
  });

  it("calls onError with the partial text, and never onDone", async () => {
    const stream = await open(path);
    const seen: string[] = [];
    let doneCalled = false;
    await stream.process({
      onContent: (delta) => seen.push(delta),
      onDone: () => {
        doneCalled = true;
      },
      onError: (error) => seen.push(`error:${error.code}:${error.partialContent}`),
    });
    expect(seen.at(-1)).toBe(`error:${fx.code}:${partial}`);
    expect(seen.slice(0, -1).join("")).toBe(partial);
    expect(doneCalled).toBe(false);
  });

  it("rejects process() without onError, and every collector", async () => {
    await expect((await open(path)).process({})).rejects.toMatchObject({ code: fx.code });
    await expect((await open(path)).toContent()).rejects.toMatchObject({
      code: fx.code,
      partialContent: partial,
    });
    await expect((await open(path)).toArray()).rejects.toBeInstanceOf(IncompleteStreamError);
    await expect((await open(path)).toChatCompletion()).rejects.toMatchObject({ code: fx.code });
    const chunks = (await open(path)).chunks();
    await expect(
      (async () => {
        for await (const _ of chunks);
      })(),
    ).rejects.toMatchObject({ code: fx.code });
  });
});
