import { deriveEndReason, type JsonValue, type StreamEvent } from "@sse-dialects/core";
import { arbitraryText } from "@sse-dialects/testkit";
import fc from "fast-check";

/*
 * Event sequences exactly as the Ollama decoder produces them (its canonical form), from the
 * model's vocabulary and Ollama's documented lines: metadata (model, created seconds) and the
 * role first; text and thinking deltas, whole tool calls, later `created` changes, message and
 * line fields; then the done line's finish and usage, or an error line, or a cut-off.
 */

const CUT_OFF = "The ollama stream ended before its terminator (a done: true line)";

type Step =
  | { kind: "text" | "thinking"; text: string }
  | { kind: "call"; id: string | undefined; name: string; args: JsonValue | undefined }
  | { kind: "tick" }
  | { kind: "delta-extra" }
  | { kind: "line-extra"; value: string };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constantFrom("text" as const, "thinking" as const),
      text: arbitraryText,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("call" as const),
      id: fc.option(fc.constantFrom("call_1", "call_x"), { nil: undefined }),
      name: fc.constantFrom("get_weather", "search"),
      args: fc.option(
        fc.dictionary(
          fc.constantFrom("city", "q", "é"),
          fc.jsonValue({ maxDepth: 2 }),
        ) as fc.Arbitrary<JsonValue>,
        { nil: undefined },
      ),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "tick" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "delta-extra" as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("line-extra" as const),
      value: fc.string({ maxLength: 6 }),
    }),
  },
);

/** A canonical Ollama event sequence, `end` included. */
export const arbitraryOllamaEvents: fc.Arbitrary<StreamEvent[]> = fc
  .record({
    model: fc.constantFrom("llama3.2", "qwen3:8b"),
    steps: fc.array(step, { maxLength: 12 }),
    ending: fc.oneof(
      fc.record({
        kind: fc.constant("done" as const),
        raw: fc.constantFrom("stop", "length", "load", "unload"),
        counts: fc.boolean(),
        durations: fc.boolean(),
        context: fc.boolean(),
      }),
      fc.record({ kind: fc.constant("error" as const), message: arbitraryText }),
      fc.record({
        kind: fc.constant("own" as const),
        code: fc.constantFrom("cut-off" as const, "timeout" as const),
        message: arbitraryText,
      }),
      fc.constant({ kind: "cut" as const }),
    ),
  })
  .map(({ model, steps, ending }) => {
    let created = 1749470400;
    const events: StreamEvent[] = [
      { type: "metadata", model, created },
      { type: "role", choice: 0, role: "assistant" },
    ];
    let calls = 0;
    for (const s of steps) {
      switch (s.kind) {
        case "text":
          events.push({ type: "text-delta", choice: 0, text: s.text });
          break;
        case "thinking":
          events.push({ type: "reasoning-delta", choice: 0, text: s.text });
          break;
        case "call": {
          const index = calls++;
          events.push(
            s.id === undefined
              ? { type: "tool-call-start", choice: 0, index, name: s.name }
              : { type: "tool-call-start", choice: 0, index, id: s.id, name: s.name },
          );
          if (s.args !== undefined)
            events.push({
              type: "tool-call-delta",
              choice: 0,
              index,
              delta: JSON.stringify(s.args),
            });
          events.push({ type: "tool-call-end", choice: 0, index });
          break;
        }
        case "tick":
          created += 1;
          events.push({ type: "metadata", created });
          break;
        case "delta-extra":
          events.push({
            type: "extra",
            dialect: "ollama",
            scope: "delta",
            choice: 0,
            fields: { images: null },
          });
          break;
        case "line-extra":
          events.push({
            type: "extra",
            dialect: "ollama",
            scope: "response",
            fields: { x_trace: s.value },
          });
          break;
      }
    }
    switch (ending.kind) {
      case "done": {
        if (ending.context)
          events.push({
            type: "extra",
            dialect: "ollama",
            scope: "response",
            fields: { context: [1, 2, 3] },
          });
        const reason =
          ending.raw === "stop"
            ? calls > 0
              ? "tool_calls"
              : "stop"
            : ending.raw === "length"
              ? "length"
              : "other";
        events.push({ type: "finish", choice: 0, reason, raw: ending.raw });
        if (ending.counts || ending.durations) {
          const usage: StreamEvent = { type: "usage" };
          if (ending.counts)
            Object.assign(usage, { promptTokens: 12, completionTokens: 30, totalTokens: 42 });
          if (ending.durations)
            Object.assign(usage, {
              extra: { total_duration: 123456789, eval_duration: 98765 },
              dialect: "ollama",
            });
          events.push(usage);
        }
        events.push({ type: "end", reason: "done" });
        break;
      }
      case "error":
        events.push(
          {
            type: "error",
            code: "provider-error",
            message: ending.message,
            data: { error: ending.message },
            dialect: "ollama",
          },
          { type: "end", reason: "error" },
        );
        break;
      case "own":
        events.push(
          { type: "error", code: ending.code, message: ending.message },
          { type: "end", reason: deriveEndReason(ending.code) },
        );
        break;
      case "cut":
        events.push(
          { type: "error", code: "cut-off", message: CUT_OFF },
          { type: "end", reason: "cut-off" },
        );
        break;
    }
    return events;
  });
