import { accumulate, decodeAll, encodeAll, MAX_JSON_DEPTH } from "@sse-dialects/core";
import { elumenta } from "@sse-dialects/elumenta";
import { describe, expect, it } from "vitest";
import { openai } from "./openai-dialect.js";
import { toChatCompletion } from "./to-chat-completion.js";

/*
 * Hostile upstream chunks: each is an error event for that chunk, nothing before it is lost,
 * decoding goes on after it, and nothing grows with a number the wire chose.
 */

const chunk = (body: string) => `data: {"object":"chat.completion.chunk",${body}}\n\n`;
const before = chunk(
  '"id":"c1","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"kept"}}]',
);
const after = `${chunk('"choices":[{"index":0,"delta":{"content":" after"},"finish_reason":"stop"}]')}data: [DONE]\n\n`;

describe("hostile input", () => {
  it("a huge choice index is an invalid-event error, skipped, and costs one entry", () => {
    const events = decodeAll(
      before + chunk('"choices":[{"index":1000000000,"delta":{"content":"I"}}]') + after,
      openai,
    );
    expect(events.filter((e) => e.type === "error")).toEqual([
      {
        type: "error",
        code: "invalid-event",
        message:
          "Choice index 1000000000 is past the limit of 128 choices; the text-delta event was skipped",
      },
    ]);
    const completion = toChatCompletion(accumulate(events));
    expect(completion.choices).toHaveLength(1);
    expect(completion.choices[0]?.message.content).toBe("kept after");
    expect(JSON.stringify(completion).length).toBeLessThan(2000);
  });

  it("the limits are options, and a huge tool-call index is bounded the same way", () => {
    const wire =
      before +
      chunk(
        '"choices":[{"index":0,"delta":{"tool_calls":[{"index":5000,"id":"c","function":{"name":"f","arguments":"{}"}}]}}]',
      ) +
      after;
    const errors = decodeAll(wire, openai).filter((e) => e.type === "error");
    expect(errors.map((e) => (e.type === "error" ? e.message : ""))).toEqual([
      "Tool-call index 5000 is past the limit of 1024 calls per choice; the tool-call-start event was skipped",
      "Tool-call index 5000 is past the limit of 1024 calls per choice; the tool-call-delta event was skipped",
      "Tool-call index 5000 is past the limit of 1024 calls per choice; the tool-call-end event was skipped",
    ]);
    expect(decodeAll(wire, openai, { maxToolCalls: 5001 }).some((e) => e.type === "error")).toBe(
      false,
    );
    const atLimit = chunk('"choices":[{"index":127,"delta":{"content":"x"}}]');
    expect(decodeAll(before + atLimit + after, openai).some((e) => e.type === "error")).toBe(false);
    expect(
      decodeAll(before + atLimit + after, openai, { maxChoices: 127 }).filter(
        (e) => e.type === "error",
      ),
    ).toHaveLength(1);
  });

  it("JSON nested past the limit is an invalid-json error on every surface, and decoding goes on", () => {
    const deep = `data: ${"[".repeat(100_000)}${"]".repeat(100_000)}\n\n`;
    const events = decodeAll(before + deep + after, openai);
    expect(events.filter((e) => e.type === "error")).toMatchObject([
      {
        code: "invalid-json",
        message: `An event's data nests deeper than ${MAX_JSON_DEPTH} levels`,
      },
    ]);
    expect(accumulate(events).choices[0]?.text).toBe("kept after");
    // Converting it does not throw either (the encoder never sees the deep value).
    expect(() => encodeAll(events, elumenta)).not.toThrow();
    const atLimit = `data: {"a":${"[".repeat(MAX_JSON_DEPTH - 1)}${"]".repeat(MAX_JSON_DEPTH - 1)}}\n\n`;
    expect(decodeAll(atLimit, openai).filter((e) => e.type === "error")[0]).toMatchObject({
      code: "invalid-event",
    });
  });

  it("__proto__ keys are kept as data, never interpreted", () => {
    const events = decodeAll(
      before +
        chunk(
          '"choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3,"__proto__":{"total_tokens":999999}}',
        ) +
        after,
      openai,
    );
    const completion = toChatCompletion(accumulate(events));
    expect(completion.usage?.total_tokens).toBe(3);
    const usage = events.find((e) => e.type === "usage");
    expect(usage?.type === "usage" && Object.keys(usage.extra ?? {})).toEqual(["__proto__"]);
  });

  it("a key with an escape is read as written, though V8's JSON.parse saw a key with a backslash before (nodejs/node#63785)", () => {
    // Node 24's JSON.parse reads `"\n"` as `"\\"` after this; the decoder must not.
    JSON.parse('{"choices":[],"usage":{"prompt_tokens":1,"\\\\":0}}');
    const events = decodeAll(
      before + chunk('"choices":[],"usage":{"prompt_tokens":1,"\\n":0}') + after,
      openai,
    );
    const usage = events.find((e) => e.type === "usage");
    expect(usage?.type === "usage" && Object.keys(usage.extra ?? {})).toEqual(["\n"]);
  });

  it("a non-finite number is an invalid-event error and does not replace a good value", () => {
    const events = decodeAll(before + chunk('"created":1e400,"choices":[]') + after, openai);
    expect(events.filter((e) => e.type === "error")).toMatchObject([
      {
        code: "invalid-event",
        message: "A chunk's `created` is not a finite number; it was ignored",
      },
    ]);
    expect(toChatCompletion(accumulate(events)).created).toBe(1);
  });
});
