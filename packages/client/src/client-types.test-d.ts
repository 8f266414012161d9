import type { AccumulatedMessage, AccumulatedUsage, StreamEvent } from "@sse-dialects/core";
import { describe, expectTypeOf, it } from "vitest";
import type {
  ChatChunk,
  ChatChunkStream,
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionUsage,
  ChatFinishReason,
  ChatStream,
  IncompleteStreamError,
} from "./index.js";

declare const events: ChatStream;
declare const chunks: ChatChunkStream;

describe("what the client returns is typed", () => {
  it("the normalized stream", () => {
    expectTypeOf(events.toContent()).resolves.toEqualTypeOf<string>();
    expectTypeOf(events.toChatCompletion()).resolves.toEqualTypeOf<ChatCompletion>();
    expectTypeOf(events.finalMessage()).resolves.toEqualTypeOf<AccumulatedMessage>();
    expectTypeOf(events.toArray()).resolves.toEqualTypeOf<StreamEvent[]>();
    expectTypeOf(events.toArray("chunks")).resolves.toEqualTypeOf<ChatCompletionChunk[]>();
    expectTypeOf(events.usage).toEqualTypeOf<AccumulatedUsage | undefined>();
    expectTypeOf(events.receiptId).toEqualTypeOf<string | undefined>();
  });

  it("the chunk view: chunks with a choice, OpenAI's usage", () => {
    expectTypeOf(chunks.toArray()).resolves.toEqualTypeOf<ChatChunk[]>();
    expectTypeOf(chunks.toChatCompletion()).resolves.toEqualTypeOf<ChatCompletion>();
    expectTypeOf(chunks.usage).toEqualTypeOf<ChatCompletionUsage | undefined>();
    expectTypeOf(chunks.finishReason).toEqualTypeOf<ChatFinishReason | null>();
    expectTypeOf<ChatChunk["choices"][0]["delta"]["content"]>().toEqualTypeOf<string | undefined>();
    chunks.process({
      onDone: (content, usage, completion) => {
        expectTypeOf(content).toEqualTypeOf<string>();
        expectTypeOf(usage?.total_tokens).toEqualTypeOf<number | undefined>();
        expectTypeOf(completion).toEqualTypeOf<ChatCompletion>();
      },
      onError: (error) => expectTypeOf(error).toEqualTypeOf<IncompleteStreamError>(),
    });
  });

  it("a completion's fields, and no others, compile", async () => {
    const completion = await events.toChatCompletion();
    expectTypeOf(completion.choices[0]?.message.content).toEqualTypeOf<string | null | undefined>();
    expectTypeOf(completion.usage?.total_tokens).toEqualTypeOf<number | undefined>();
    expectTypeOf(completion.receipt_id).toEqualTypeOf<string | undefined>();
    // @ts-expect-error a misspelled field is an error, not `unknown`
    completion.reciept_id;
  });
});
