import {
  deriveEndReason,
  type FinishReason,
  type JsonObject,
  type JsonValue,
  type StreamEvent,
  type UsageEvent,
} from "@sse-dialects/core";
import { arbitraryText } from "@sse-dialects/testkit";
import fc from "fast-check";

/*
 * Event sequences exactly as the Gemini decoder produces them (its canonical form), built from
 * the model's vocabulary and Gemini's documented wire facts, for the events-first round trip:
 * metadata and a role per candidate first; then per candidate text and thought parts (a part
 * continues until its kind changes or a `thoughtSignature` closes it), signatures as part
 * `extra`, whole function calls (one argument delta, the part's fields before the end), other
 * parts (code execution) as part `extra`, candidate fields, cumulative usage snapshots (held:
 * the last one is emitted once, after the finishes when every candidate finished, else before
 * the error that ends the stream), named unknown events and comments; then finishes, and the end
 * (done when every candidate finished, else cut off), or a final error.
 */

const CUT_OFF = "The gemini stream ended before its terminator (a finishReason on every candidate)";

/** Raw finish reasons by unified reason, as `@google/genai`'s `FinishReason` lists them. */
type Unified = Exclude<FinishReason, "tool_calls" | "error">;
const RAW: Record<Unified, readonly string[]> = {
  stop: ["STOP"],
  length: ["MAX_TOKENS"],
  content_filter: [
    "SAFETY",
    "RECITATION",
    "BLOCKLIST",
    "PROHIBITED_CONTENT",
    "SPII",
    "IMAGE_SAFETY",
  ],
  other: [
    "OTHER",
    "MALFORMED_FUNCTION_CALL",
    "LANGUAGE",
    "TOO_MANY_TOOL_CALLS",
    "FINISH_REASON_UNSPECIFIED",
  ],
};

type Step =
  | { kind: "text" | "thought"; choice: number; text: string }
  | { kind: "signature"; choice: number; signature: string }
  | {
      kind: "call";
      choice: number;
      id: string | undefined;
      name: string;
      args: JsonObject | undefined;
      signature: string | undefined;
    }
  | { kind: "code"; choice: number; code: string }
  | { kind: "ratings"; choice: number }
  | { kind: "usage" }
  | { kind: "createTime" }
  | { kind: "comment"; text: string }
  | { kind: "ping"; data: JsonObject };

const choiceOf = (two: boolean) => (two ? fc.constantFrom(0, 1) : fc.constant(0));

const step = (two: boolean): fc.Arbitrary<Step> =>
  fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({
        kind: fc.constantFrom("text" as const, "thought" as const),
        choice: choiceOf(two),
        text: arbitraryText,
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant("signature" as const),
        choice: choiceOf(two),
        signature: fc.base64String({ minLength: 4, maxLength: 24 }),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant("call" as const),
        choice: choiceOf(two),
        id: fc.option(fc.constantFrom("fc_1", "call_abc", "x-9"), { nil: undefined }),
        name: fc.constantFrom("get_weather", "search", "read_theme"),
        args: fc.option(
          fc.dictionary(
            fc.constantFrom("city", "q", "n", "é"),
            fc.jsonValue({ maxDepth: 2 }),
          ) as fc.Arbitrary<JsonObject>,
          { nil: undefined },
        ),
        signature: fc.option(fc.base64String({ minLength: 4, maxLength: 16 }), { nil: undefined }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant("code" as const),
        choice: choiceOf(two),
        code: fc.string({ maxLength: 12 }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant("ratings" as const), choice: choiceOf(two) }),
    },
    { weight: 2, arbitrary: fc.constant({ kind: "usage" as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: "createTime" as const }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant("comment" as const),
        text: fc.string({ maxLength: 10 }).filter((t) => !/[\r\n]/.test(t)),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant("ping" as const),
        data: fc.dictionary(
          fc.string({ maxLength: 4 }),
          fc.jsonValue({ maxDepth: 1 }),
        ) as fc.Arbitrary<JsonObject>,
      }),
    },
  );

interface PartState {
  part: number;
  kind: "text" | "thought" | undefined;
  sealed: boolean;
  calls: number;
  ratings: number;
}

/** A canonical Gemini event sequence, `end` included. */
export const arbitraryGeminiEvents: fc.Arbitrary<StreamEvent[]> = fc
  .boolean()
  .chain((two) =>
    fc.record({
      two: fc.constant(two),
      metadata: fc.option(
        fc.record({
          id: fc.constantFrom("resp_1", "xZFGaM"),
          model: fc.constantFrom("gemini-2.5-flash", "gemini-3-pro-preview"),
        }),
        { nil: undefined },
      ),
      steps: fc.array(step(two), { maxLength: 14 }),
      usageShape: fc.record({
        reasoning: fc.boolean(),
        cached: fc.boolean(),
        details: fc.boolean(),
      }),
      finishes: fc.array(
        fc.option(fc.constantFrom<Unified>("stop", "length", "content_filter", "other"), {
          nil: undefined,
        }),
        { minLength: 2, maxLength: 2 },
      ),
      rawPick: fc.nat(),
      error: fc.option(
        fc.oneof(
          fc.record({
            kind: fc.constant("provider" as const),
            message: arbitraryText,
            code: fc.constantFrom(429, 500, 503),
            status: fc.constantFrom("RESOURCE_EXHAUSTED", "INTERNAL", "UNAVAILABLE"),
          }),
          fc.record({
            kind: fc.constant("own" as const),
            message: arbitraryText,
            code: fc.constantFrom("cut-off" as const, "invalid-json" as const, "timeout" as const),
            data: fc.option(fc.jsonValue({ maxDepth: 1 }) as fc.Arbitrary<JsonValue>, {
              nil: undefined,
            }),
          }),
        ),
        { nil: undefined },
      ),
    }),
  )
  .map(({ two, metadata, steps, usageShape, finishes, rawPick, error }) => {
    const events: StreamEvent[] = [];
    const choices = two ? [0, 1] : [0];
    if (metadata !== undefined)
      events.push({ type: "metadata", id: metadata.id, model: metadata.model });
    const states = new Map<number, PartState>();
    for (const choice of choices) {
      events.push({ type: "role", choice, role: "assistant" });
      states.set(choice, { part: -1, kind: undefined, sealed: false, calls: 0, ratings: 0 });
    }
    let tokens = 0;
    let createTime = 0;
    /** The last usage snapshot: the decoder emits it once the response is complete or failed. */
    let usage: UsageEvent | undefined;
    for (const s of steps) {
      switch (s.kind) {
        case "text":
        case "thought": {
          const state = states.get(s.choice)!;
          if (state.kind !== s.kind || state.sealed) {
            state.part++;
            state.kind = s.kind;
            state.sealed = false;
          }
          events.push({
            type: s.kind === "text" ? "text-delta" : "reasoning-delta",
            choice: s.choice,
            part: state.part,
            text: s.text,
          });
          break;
        }
        case "signature": {
          const state = states.get(s.choice)!;
          if (state.kind === undefined || state.sealed) break;
          state.sealed = true;
          events.push({
            type: "extra",
            dialect: "gemini",
            scope: "part",
            choice: s.choice,
            part: state.part,
            fields: { thoughtSignature: s.signature },
          });
          break;
        }
        case "call": {
          const state = states.get(s.choice)!;
          state.part++;
          state.kind = undefined;
          const index = state.calls++;
          events.push(
            s.id === undefined
              ? { type: "tool-call-start", choice: s.choice, index, name: s.name }
              : { type: "tool-call-start", choice: s.choice, index, id: s.id, name: s.name },
          );
          if (s.args !== undefined)
            events.push({
              type: "tool-call-delta",
              choice: s.choice,
              index,
              delta: JSON.stringify(s.args),
            });
          if (s.signature !== undefined)
            events.push({
              type: "extra",
              dialect: "gemini",
              scope: "tool-call",
              choice: s.choice,
              index,
              fields: { thoughtSignature: s.signature },
            });
          events.push({ type: "tool-call-end", choice: s.choice, index });
          break;
        }
        case "code": {
          const state = states.get(s.choice)!;
          state.part++;
          state.kind = undefined;
          events.push({
            type: "extra",
            dialect: "gemini",
            scope: "part",
            choice: s.choice,
            part: state.part,
            fields: { executableCode: { language: "PYTHON", code: s.code } },
          });
          break;
        }
        case "ratings": {
          const state = states.get(s.choice)!;
          state.ratings++;
          events.push({
            type: "extra",
            dialect: "gemini",
            scope: "choice",
            choice: s.choice,
            fields: {
              safetyRatings: [
                {
                  category: "HARM_CATEGORY_HARASSMENT",
                  probability: "NEGLIGIBLE",
                  n: state.ratings,
                },
              ],
            },
          });
          break;
        }
        case "usage": {
          tokens += 3;
          const thoughts = usageShape.reasoning ? tokens * 2 : undefined;
          usage = {
            type: "usage",
            promptTokens: 10,
            completionTokens: tokens + (thoughts ?? 0),
            totalTokens: 10 + tokens + (thoughts ?? 0),
          };
          if (usageShape.cached) usage.cachedTokens = 4;
          if (thoughts !== undefined) usage.reasoningTokens = thoughts;
          if (usageShape.details) {
            usage.extra = { promptTokensDetails: [{ modality: "TEXT", tokenCount: 10 }] };
            usage.dialect = "gemini";
          }
          break;
        }
        case "createTime":
          createTime++;
          events.push({
            type: "extra",
            dialect: "gemini",
            scope: "response",
            fields: { createTime: `2025-06-09T12:00:0${createTime % 10}Z`, n: createTime },
          });
          break;
        case "comment":
          events.push({ type: "comment", text: s.text });
          break;
        case "ping":
          events.push({ type: "unknown", dialect: "gemini", event: "ping", data: s.data });
          break;
      }
    }
    if (error !== undefined) {
      if (usage !== undefined) events.push(usage);
      if (error.kind === "provider") {
        const data = { error: { code: error.code, message: error.message, status: error.status } };
        events.push({
          type: "error",
          code: "provider-error",
          message: error.message,
          data,
          dialect: "gemini",
        });
        events.push({ type: "end", reason: "error" });
      } else {
        events.push(
          error.data === undefined
            ? { type: "error", code: error.code, message: error.message }
            : { type: "error", code: error.code, message: error.message, data: error.data },
        );
        events.push({ type: "end", reason: deriveEndReason(error.code) });
      }
      return events;
    }
    let all = true;
    for (const choice of choices) {
      const reason = finishes[choice];
      if (reason === undefined) {
        all = false;
        continue;
      }
      const raws = RAW[reason];
      const raw = raws[rawPick % raws.length]!;
      const hadCalls = states.get(choice)!.calls > 0;
      events.push({
        type: "finish",
        choice,
        reason: raw === "STOP" && hadCalls ? "tool_calls" : reason,
        raw,
      });
    }
    if (usage !== undefined) events.push(usage);
    if (all) events.push({ type: "end", reason: "done" });
    else
      events.push(
        { type: "error", code: "cut-off", message: CUT_OFF },
        { type: "end", reason: "cut-off" },
      );
    return events;
  });
