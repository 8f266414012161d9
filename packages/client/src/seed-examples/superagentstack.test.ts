import { afterEach, describe, expect, it } from "vitest";
import { openChunkStream } from "../open-stream.js";
import { captureOutput, chunkEvent, serveWire, type WireServer } from "./serve-wire.js";

/*
 * SuperAgentStack's streaming examples (its documentation, "Streaming"), as written there. Only
 * the creation of the stream changes: `await client.chat.completions.create({ …, stream: true })`
 * becomes `await openChunkStream(fetch(…))`.
 */
let url = "";
const create = () =>
  openChunkStream(
    fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        model: "anthropic/claude-3-sonnet",
        messages: [{ role: "user", content: "Explain quantum computing in simple terms" }],
        stream: true,
      }),
    }),
  );

async function streamChat() {
  const stream = await create();

  // Process the stream
  for await (const chunk of stream) {
    const content = chunk.choices[0]?.delta?.content || "";
    process.stdout.write(content);
  }

  console.log("\n\nStream complete!");
}

async function streamWithErrorHandling() {
  try {
    const stream = await create();

    for await (const chunk of stream) {
      const content = chunk.choices[0]?.delta?.content || "";
      process.stdout.write(content);
    }
  } catch (error) {
    if (error instanceof Error) {
      console.log("Stream error:", error.message);
    }
  }
}

let server: WireServer | undefined;
afterEach(() => server?.close());

describe("SuperAgentStack's examples, on streams opened with our client", () => {
  it("prints the content, then 'Stream complete!'", async () => {
    server = await serveWire([
      chunkEvent({ role: "assistant", content: "Qubits" }),
      chunkEvent({ content: " superpose." }),
      chunkEvent({ finish: "stop" }),
      "data: [DONE]\n\n",
    ]);
    url = server.url;
    expect(await captureOutput(streamChat)).toBe("Qubits superpose.\n\nStream complete!\n");
  });

  it.each([
    [
      "usage on the finish chunk, as SuperAgentStack documents it",
      [
        chunkEvent({ content: "Qubits" }),
        chunkEvent({
          finish: "stop",
          usage: { prompt_tokens: 20, completion_tokens: 100, total_tokens: 120 },
        }),
        "data: [DONE]\n\n",
      ],
    ],
    [
      "usage in a chunk of its own (OpenAI's include_usage)",
      [
        chunkEvent({ content: "Qubits" }),
        chunkEvent({ finish: "stop" }),
        chunkEvent({
          choices: [],
          usage: { prompt_tokens: 20, completion_tokens: 100, total_tokens: 120 },
        }),
        "data: [DONE]\n\n",
      ],
    ],
    [
      "an Anthropic stream (usage in message_start and message_delta)",
      [
        'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-3-sonnet","content":[],"usage":{"input_tokens":20,"output_tokens":1}}}\n\n',
        'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n',
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Qubits"}}\n\n',
        'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n',
        'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":100}}\n\n',
        'event: message_stop\ndata: {"type":"message_stop"}\n\n',
      ],
    ],
  ])("the last chunk has finish_reason stop and the usage: %s", async (_name, wire) => {
    server = await serveWire(wire);
    url = server.url;
    let last: unknown;
    for await (const chunk of await create()) last = chunk;
    expect(last).toMatchObject({
      object: "chat.completion.chunk",
      choices: [{ index: 0, delta: {}, finish_reason: "stop" }],
      usage: { prompt_tokens: 20, completion_tokens: 100, total_tokens: 120 },
    });
  });

  it("prints what arrived, then the provider's own message when the stream fails", async () => {
    // OpenRouter's mid-stream error: a chunk with a top-level `error` and finish_reason "error".
    server = await serveWire([
      chunkEvent({ content: "Qubits" }),
      'data: {"id":"chatcmpl-abc","object":"chat.completion.chunk","created":1677652288,"model":"gpt-4o","error":{"code":429,"message":"Rate limit exceeded upstream"},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]}\n\n',
    ]);
    url = server.url;
    expect(await captureOutput(streamWithErrorHandling)).toBe(
      "QubitsStream error: Rate limit exceeded upstream\n",
    );
  });
});
