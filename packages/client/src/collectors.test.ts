import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openChunkStream, openStream } from "./open-stream.js";
import { startTestServer, type TestServer } from "./test-support/serve-streams.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer(0);
});
afterAll(() => server.close());

const path = "/fixture/openai/receipt-trailer";

describe.each([
  ["openStream", openStream],
  ["openChunkStream", openChunkStream],
] as const)("the collectors of %s", (_name, open) => {
  it("compose: toContent(), then toChatCompletion(), finalMessage() and the properties", async () => {
    const stream = await open(fetch(`${server.url}${path}`));
    expect(await stream.toContent()).toBe("Hello!");
    const completion = await stream.toChatCompletion();
    expect(completion.choices[0]?.message.content).toBe("Hello!");
    expect(completion.receipt_id).toBe("rec_abc123");
    expect((await stream.finalMessage()).receiptId).toBe("rec_abc123");
    expect(stream.receiptId).toBe("rec_abc123");
    expect(await stream.toContent()).toBe("Hello!");
  });

  it("wait for a reader that is running, whichever was called first", async () => {
    const stream = await open(fetch(`${server.url}${path}`));
    const content = stream.toContent();
    const completion = stream.toChatCompletion();
    let text = "";
    for await (const item of stream) {
      if ("type" in item) text += item.type === "text-delta" ? item.text : "";
      else text += item.choices[0]?.delta.content ?? "";
    }
    expect(await content).toBe(text);
    expect((await completion).choices[0]?.message.content).toBe(text);
  });

  it.each([
    ["toArray()", (stream: Awaited<ReturnType<typeof open>>) => stream.toArray()],
    ["process()", (stream: Awaited<ReturnType<typeof open>>) => stream.process({})],
    [
      "for await (… of stream)",
      async (stream: Awaited<ReturnType<typeof open>>) => {
        for await (const _ of stream);
      },
    ],
  ])(
    "refuse a second reader, %s after toContent(), with code misuse naming both",
    async (called, read) => {
      const stream = await open(fetch(`${server.url}${path}`));
      await stream.toContent();
      const escaped = called.replace(/[()…]/g, "\\$&");
      await expect(read(stream)).rejects.toMatchObject({
        code: "misuse",
        message: expect.stringMatching(
          new RegExp(`^${escaped} cannot read this stream: toContent\\(\\) has already read it`),
        ),
      });
    },
  );
});
