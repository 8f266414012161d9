import type { FinishReason, StreamEvent } from "@sse-dialects/core";
import { arbitraryText } from "@sse-dialects/testkit";
import fc from "fast-check";

/**
 * Event sequences exactly as the Anthropic decoder produces them (its canonical form), built
 * from the model's vocabulary and Anthropic's documented stream: the events-first round trip
 * runs over these. A message start (metadata, role), content parts numbered by their block
 * index (text, thinking with or without a signature, signature-only thinking, redacted
 * thinking, tool calls numbered from 0 with fragments), pings and comments between them, then a
 * finish and the response's one usage (the counts `message_start` always sends, the output
 * count the finish brings), or the usage and a provider error (maybe with a tool call cut
 * short), then the end.
 */

const choice = 0;

type Part = (part: number, call: number) => StreamEvent[];

const nonEmpty = arbitraryText.filter((text) => text !== "");

const textPart: fc.Arbitrary<Part> = fc
  .array(nonEmpty, { minLength: 1, maxLength: 4 })
  .map((texts) => (part) => texts.map((text) => ({ type: "text-delta", choice, part, text })));

const signature = fc.constantFrom("EqQBCgIYAhIM", "ErUBCkYIBxgCIkB0", "c2lnbmF0dXJl");

const thinkingPart: fc.Arbitrary<Part> = fc
  .tuple(fc.array(nonEmpty, { maxLength: 3 }), fc.option(signature, { nil: undefined }))
  .filter(([texts, sig]) => texts.length > 0 || sig !== undefined)
  .map(([texts, sig]) => (part) => [
    ...texts.map((text): StreamEvent => ({ type: "reasoning-delta", choice, part, text })),
    ...(sig === undefined
      ? []
      : [{ type: "reasoning-signature", choice, part, signature: sig } as StreamEvent]),
  ]);

const redactedPart: fc.Arbitrary<Part> = fc
  .constantFrom("EmwKAhgBEgy3va3p", "RURBQ1RFRA==")
  .map((data) => (part) => [{ type: "reasoning-redacted", choice, part, data }]);

const names = fc.constantFrom("get_weather", "search", "run_code");

/** Argument fragments: JSON cut anywhere, escapes included. */
const fragments = fc
  .constantFrom('{"city":"Paris"}', '{"q":"caf\\u00e9 \\"x\\""}', '{"a":[1,2,{"b":null}]}', "{}")
  .chain((json) =>
    fc.uniqueArray(fc.integer({ min: 1, max: json.length - 1 }), { maxLength: 3 }).map((cuts) => {
      const sorted = [...cuts].sort((a, b) => a - b);
      const out: string[] = [];
      let prev = 0;
      for (const cut of [...sorted, json.length]) {
        out.push(json.slice(prev, cut));
        prev = cut;
      }
      return out;
    }),
  );

const toolStart = (name: string, call: number): StreamEvent => ({
  type: "tool-call-start",
  choice,
  index: call,
  id: `toolu_0${call}`,
  name,
});

const toolPart: fc.Arbitrary<Part> = fc
  .tuple(names, fragments)
  .map(([name, parts]) => (_, call) => [
    toolStart(name, call),
    ...parts.map((delta): StreamEvent => ({ type: "tool-call-delta", choice, index: call, delta })),
    { type: "tool-call-end", choice, index: call },
  ]);

const between: fc.Arbitrary<StreamEvent[]> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<StreamEvent[]>([]) },
  {
    weight: 1,
    arbitrary: fc.constant([
      { type: "unknown", dialect: "anthropic", event: "ping", data: { type: "ping" } },
    ] as StreamEvent[]),
  },
  { weight: 1, arbitrary: fc.constant([{ type: "comment", text: "keep-alive" }] as StreamEvent[]) },
);

const kinds = fc.array(
  fc.tuple(
    fc.oneof(
      { weight: 3, arbitrary: textPart.map((make) => ({ tool: false, make })) },
      { weight: 2, arbitrary: thinkingPart.map((make) => ({ tool: false, make })) },
      { weight: 1, arbitrary: redactedPart.map((make) => ({ tool: false, make })) },
      { weight: 2, arbitrary: toolPart.map((make) => ({ tool: true, make })) },
    ),
    between,
  ),
  { maxLength: 6 },
);

/** Stop reasons, and whether each may follow tool calls unchanged (the encoder says `tool_use` then). */
const stopReasons: readonly [string, FinishReason, boolean][] = [
  ["end_turn", "stop", false],
  ["stop_sequence", "stop", false],
  ["max_tokens", "length", true],
  ["model_context_window_exceeded", "length", true],
  ["tool_use", "tool_calls", true],
  ["refusal", "content_filter", true],
  ["pause_turn", "other", true],
];

const usageStart = fc
  .record({
    input: fc.nat(50_000),
    output: fc.nat(5),
    cacheRead: fc.option(fc.nat(10_000), { nil: undefined }),
    cacheWrite: fc.option(fc.nat(10_000), { nil: undefined }),
  })
  .map(({ input, output, cacheRead, cacheWrite }): StreamEvent => {
    const event: StreamEvent = {
      type: "usage",
      promptTokens: input + (cacheRead ?? 0) + (cacheWrite ?? 0),
      completionTokens: output,
    };
    if (cacheRead !== undefined) event.cachedTokens = cacheRead;
    if (cacheWrite !== undefined) event.cacheWriteTokens = cacheWrite;
    return event;
  });

export const arbitraryAnthropicEvents: fc.Arbitrary<StreamEvent[]> = fc
  .tuple(
    fc.constantFrom("msg_01XFDUDYJgAACzvnptvVoYEL", "msg_a"),
    fc.constantFrom("claude-sonnet-4-5", "claude-opus-4-1"),
    usageStart,
    kinds,
    fc.constantFrom(...stopReasons),
    fc.nat(4000),
    fc.oneof(
      { weight: 4, arbitrary: fc.constant(undefined) },
      {
        weight: 1,
        arbitrary: fc.tuple(fc.constantFrom("Overloaded", "Internal error"), fc.boolean()),
      },
    ),
    fc.constantFrom(undefined, "###"),
  )
  .map(([id, model, start, parts, [raw, reason, afterTools], output, failure, sequence]) => {
    const events: StreamEvent[] = [
      { type: "metadata", id, model },
      { type: "role", choice, role: "assistant" },
    ];
    let calls = 0;
    parts.forEach(([{ tool, make }, gap], part) => {
      events.push(...make(part, calls), ...gap);
      if (tool) calls++;
    });
    if (failure !== undefined) {
      const [message, cutShort] = failure;
      if (cutShort) {
        events.push(toolStart("get_weather", calls), {
          type: "tool-call-delta",
          choice,
          index: calls,
          delta: '{"city":',
        });
      }
      events.push(
        start,
        {
          type: "error",
          code: "provider-error",
          message,
          data: { type: "error", error: { type: "overloaded_error", message } },
          dialect: "anthropic",
        },
        { type: "end", reason: "error" },
      );
      return events;
    }
    const finish: [string, FinishReason] =
      calls > 0 && !afterTools ? ["tool_use", "tool_calls"] : [raw, reason];
    events.push({ type: "finish", choice, reason: finish[1], raw: finish[0] });
    if (finish[0] === "stop_sequence" && sequence !== undefined) {
      events.push({
        type: "extra",
        dialect: "anthropic",
        scope: "choice",
        choice,
        fields: { stop_sequence: sequence },
      });
    }
    events.push({ ...start, completionTokens: output } as StreamEvent, {
      type: "end",
      reason: "done",
    });
    return events;
  });
