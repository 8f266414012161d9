// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the seed's code, as its documentation writes it
import { afterEach, describe, expect, it, vi } from "vitest";
import { openChunkStream } from "../open-stream.js";
import { captureOutput, chunkEvent, serveWire, type WireServer } from "./serve-wire.js";

/*
 * Lunaby's streaming examples (its SDK's documentation, "Streaming"), as written there. Only the
 * creation of the stream changes: `client.chat.stream(messages)` and
 * `await client.chat.createStream(messages)` become `await openChunkStream(fetch(…))`.
 */
let url = "";
const request = (content: string) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      model: "lunaby-pro",
      messages: [{ role: "user", content }],
      stream: true,
    }),
  });
const messages = "Hello!";

async function method1AsyncIterator() {
  for await (const chunk of await openChunkStream(request("Tell me a short story"))) {
    const content = chunk.choices[0].delta.content;
    if (content) process.stdout.write(content);
  }
}

async function method2Callbacks() {
  const stream = await openChunkStream(request("Count from 1 to 10"));

  await stream.process({
    onChunk: (chunk) => {
      // Receive the full chunk object
    },
    onContent: (content, accumulated) => {
      process.stdout.write(content);
    },
    onDone: (fullContent, usage) => {
      console.log("\nTokens:", usage?.total_tokens);
    },
    onError: (error) => {
      console.error("Stream error:", error);
    },
  });
}

async function method3CollectContent() {
  const stream = await openChunkStream(request("Summarize the history of Vietnam"));

  // Wait until stream completes
  const fullContent = await stream.toContent();
  console.log(fullContent);
}

async function method3CollectChunks() {
  const stream = await openChunkStream(request("Summarize the history of Vietnam"));

  // Or collect as array of chunks
  const chunks = await stream.toArray();
  return chunks;
}

async function abortStream() {
  const stream = await openChunkStream(request(messages));

  // Cancel stream at any time
  setTimeout(() => stream.abort(), 3000);

  for await (const chunk of stream) {
    process.stdout.write(chunk.choices[0].delta.content ?? "");
  }
}

let server: WireServer | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await server?.close();
});

/** Lunaby's raw SSE, as its documentation shows it, with the usage OpenAI adds at the end. */
const LUNABY_WIRE = [
  chunkEvent({ content: "Hello" }),
  chunkEvent({ content: "!" }),
  chunkEvent({ finish: "stop" }),
  chunkEvent({ choices: [], usage: { prompt_tokens: 9, completion_tokens: 3, total_tokens: 12 } }),
  "data: [DONE]\n\n",
];

describe("Lunaby's examples, on streams opened with our client", () => {
  it("method 1: iterates chunks, `chunk.choices[0].delta.content` on every one", async () => {
    server = await serveWire(LUNABY_WIRE);
    url = server.url;
    expect(await captureOutput(method1AsyncIterator)).toBe("Hello!");
  });

  it("method 2: calls back with content and the accumulated text, then the usage's total_tokens", async () => {
    server = await serveWire(LUNABY_WIRE);
    url = server.url;
    expect(await captureOutput(method2Callbacks)).toBe("Hello!\nTokens: 12\n");
  });

  it("method 2 on an Anthropic stream: the usage is OpenAI's, total_tokens included", async () => {
    server = await serveWire([
      'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"usage":{"input_tokens":9,"output_tokens":1}}}\n\n',
      'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n',
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello!"}}\n\n',
      'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n',
      'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":3}}\n\n',
      'event: message_stop\ndata: {"type":"message_stop"}\n\n',
    ]);
    url = server.url;
    expect(await captureOutput(method2Callbacks)).toBe("Hello!\nTokens: 12\n");
  });

  it("method 3: collects the content, or the array of chunks", async () => {
    server = await serveWire(LUNABY_WIRE);
    url = server.url;
    expect(await captureOutput(method3CollectContent)).toBe("Hello!\n");
    const chunks = await method3CollectChunks();
    expect(chunks.map((chunk) => chunk.object)).toEqual(Array(3).fill("chat.completion.chunk"));
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("")).toBe("Hello!");
    expect(chunks.at(-1)).toMatchObject({
      choices: [{ finish_reason: "stop" }],
      usage: { total_tokens: 12 },
    });
  });

  it("abort: cancels the stream after 3 s; the loop ends with an AbortError, the connection is closed", async () => {
    // The provider sends a first delta and goes on generating, never ending on its own.
    server = await serveWire([chunkEvent({ content: "Once upon" })], { hang: true });
    url = server.url;
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    let printed!: () => void;
    const firstDelta = new Promise<void>((resolve) => {
      printed = resolve;
    });
    const output = captureOutput(async () => {
      const write = process.stdout.write;
      process.stdout.write = ((text: string) => {
        if (text !== "") printed();
        return write.call(process.stdout, text);
      }) as typeof process.stdout.write;
      await abortStream();
    });
    const failure = output.then(
      () => undefined,
      (error: unknown) => error,
    );
    await firstDelta;
    await vi.advanceTimersByTimeAsync(3000);
    expect(await failure).toMatchObject({
      name: "AbortError",
      code: "aborted",
      partialContent: "Once upon",
    });
    expect(await server.closed()).toEqual({ finished: false });
  });
});
