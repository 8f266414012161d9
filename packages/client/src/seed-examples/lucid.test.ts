import { afterEach, describe, expect, it } from "vitest";
import { openChunkStream } from "../open-stream.js";
import { captureOutput, chunkEvent, serveWire, type WireServer } from "./serve-wire.js";

/*
 * Lucid's streaming example (its TypeScript SDK), as its documentation writes it. Only the line
 * that creates the stream changes: `await lucid.chat.completions({ model, messages, stream: true })`
 * becomes `await openChunkStream(fetch(…))`.
 */
async function lucidExample(url: string) {
  const stream = await openChunkStream(
    fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        model: "gpt-4o",
        messages: [{ role: "user", content: "Write a short poem about AI" }],
        stream: true,
      }),
    }),
  );

  for await (const chunk of stream) {
    const content = chunk.choices[0]?.delta?.content;
    if (content) process.stdout.write(content);
  }

  // Receipt is available after stream completes
  console.log("\nReceipt:", stream.receiptId);
}

let server: WireServer | undefined;
afterEach(() => server?.close());

describe("Lucid's example, on a stream opened with our client", () => {
  it("prints the poem, then the receipt id of the trailer before [DONE]", async () => {
    // Lucid's documented receipt: a `{"receipt_id": …}` event after the last chunk.
    server = await serveWire([
      chunkEvent({ role: "assistant", content: "" }),
      chunkEvent({ content: "Silicon dreams" }),
      chunkEvent({ content: " in light" }),
      chunkEvent({ content: "", finish: "stop" }),
      'data: {"receipt_id":"rec_abc123"}\n\n',
      "data: [DONE]\n\n",
    ]);
    const output = await captureOutput(() => lucidExample(server!.url));
    expect(output).toBe("Silicon dreams in light\nReceipt: rec_abc123\n");
  });

  it("prints the same from a provider of another dialect (Elumenta), the receipt undefined", async () => {
    server = await serveWire([
      'data: {"type":"generation_start","id":"gen_1","model":"gpt-5"}\n\n',
      'data: {"type":"content_delta","delta":"Silicon dreams"}\n\n',
      'data: {"type":"content_delta","delta":" in light"}\n\n',
      'data: {"type":"generation_end","id":"gen_1","tokens_used":7,"balance_remaining":90}\n\n',
      "data: [DONE]\n\n",
    ]);
    const output = await captureOutput(() => lucidExample(server!.url));
    expect(output).toBe("Silicon dreams in light\nReceipt: undefined\n");
  });
});
