import {
  deriveEndReason,
  type ErrorEvent,
  errorCodeSchema,
  type JsonObject,
  type JsonValue,
  jsonEqual,
  type StreamEvent,
} from "@sse-dialects/core";
import { arbitraryText } from "@sse-dialects/testkit";
import fc from "fast-check";
import { mapError } from "../map-error.js";
import { mapFinishReason } from "../map-finish-reason.js";
import { mapUsage } from "../map-usage.js";

/*
 * Canonical OpenAI event sequences: what the OpenAI decoder can produce. Metadata first; per
 * choice the role first, then any mix of reasoning, text, refusal, logprobs, extras and
 * parallel tool calls, and the ends of its tool calls right before its finish; choices
 * interleaved; then usage, receipt and trailers; errors and comments anywhere; end last.
 */

const KNOWN_TOP = new Set([
  "id",
  "object",
  "created",
  "model",
  "system_fingerprint",
  "service_tier",
  "choices",
  "usage",
  "error",
  "obfuscation",
  "receipt_id",
]);
const KNOWN_CHOICE = new Set(["index", "delta", "finish_reason", "logprobs"]);
const KNOWN_DELTA = new Set([
  "role",
  "content",
  "reasoning_content",
  "reasoning",
  "refusal",
  "tool_calls",
]);

const key = fc.stringMatching(/^[a-z][a-z0-9_]{0,7}$/);
/** Any JSON but `null` at the top (null means absent on the wire); no `__proto__` keys. */
const value: fc.Arbitrary<JsonValue> = fc
  .jsonValue({ maxDepth: 2 })
  .filter(
    (v) => v !== null && !JSON.stringify(v).includes('"__proto__"'),
  ) as fc.Arbitrary<JsonValue>;

function fields(known: ReadonlySet<string>): fc.Arbitrary<JsonObject> {
  return fc.dictionary(
    key.filter((k) => !known.has(k)),
    value,
    { minKeys: 1, maxKeys: 3 },
  );
}

const nonEmpty = fc.string({ minLength: 1, maxLength: 12 });

type Item = (choice: number) => StreamEvent;

const contentItem: fc.Arbitrary<Item> = fc.oneof(
  arbitraryText.map(
    (text): Item =>
      (choice) => ({ type: "text-delta", choice, text }),
  ),
  arbitraryText.map(
    (text): Item =>
      (choice) => ({ type: "reasoning-delta", choice, text }),
  ),
  arbitraryText.map(
    (text): Item =>
      (choice) => ({ type: "refusal-delta", choice, text }),
  ),
  value.map(
    (logprobs): Item =>
      (choice) => ({ type: "logprobs", choice, logprobs }),
  ),
  fields(KNOWN_CHOICE).map(
    (f): Item =>
      (choice) => ({ type: "extra", dialect: "openai", scope: "choice", choice, fields: f }),
  ),
  fields(KNOWN_DELTA).map(
    (f): Item =>
      (choice) => ({ type: "extra", dialect: "openai", scope: "delta", choice, fields: f }),
  ),
);

const toolCall = fc.record({
  id: nonEmpty,
  name: fc.string({ maxLength: 10 }),
  deltas: fc.array(fc.oneof(arbitraryText, fc.constantFrom('{"a', "\\", "\\u00", 'e9"}')), {
    maxLength: 3,
  }),
});

/** Merges lists keeping each one's order, the picks choosing which goes next. */
function interleave<T>(lists: T[][], picks: number[]): T[] {
  const queues = lists.map((l) => [...l]).filter((l) => l.length > 0);
  const out: T[] = [];
  let step = 0;
  while (queues.length > 0) {
    const i = (picks[step++ % Math.max(picks.length, 1)] ?? 0) % queues.length;
    out.push(queues[i]!.shift()!);
    if (queues[i]!.length === 0) queues.splice(i, 1);
  }
  return out;
}

const choiceScript = fc.record({
  content: fc.array(contentItem, { maxLength: 6 }),
  calls: fc.array(toolCall, { maxLength: 3 }),
  finish: fc.option(
    fc.constantFrom("stop", "length", "tool_calls", "content_filter", "function_call", "error"),
    { nil: undefined },
  ),
  picks: fc.array(fc.nat(), { maxLength: 8 }),
});

type ChoiceScript = typeof choiceScript extends fc.Arbitrary<infer T> ? T : never;

/**
 * A choice's events as units the interleaving keeps whole: the ends of its tool calls and its
 * finish are one unit, since the decoder reports them together.
 */
function choiceUnits(choice: number, script: ChoiceScript): StreamEvent[][] {
  const lists: StreamEvent[][] = [script.content.map((item) => item(choice))];
  script.calls.forEach((call, index) => {
    lists.push([
      { type: "tool-call-start", choice, index, id: call.id, name: call.name },
      ...call.deltas.map(
        (delta): StreamEvent => ({ type: "tool-call-delta", choice, index, delta }),
      ),
    ]);
  });
  const units: StreamEvent[][] = [[{ type: "role", choice, role: "assistant" }]];
  for (const event of interleave(lists, script.picks)) units.push([event]);
  if (script.finish !== undefined) {
    const last: StreamEvent[] = script.calls.map((_, index) => ({
      type: "tool-call-end",
      choice,
      index,
    }));
    last.push({
      type: "finish",
      choice,
      reason: mapFinishReason(script.finish),
      raw: script.finish,
    });
    units.push(last);
  }
  return units;
}

const count = fc.nat({ max: 100_000 });
const wireUsage = fc.record(
  {
    prompt_tokens: count,
    completion_tokens: count,
    total_tokens: count,
    prompt_tokens_details: fc.record(
      { cached_tokens: count, audio_tokens: count },
      { requiredKeys: [] },
    ),
    completion_tokens_details: fc.record(
      { reasoning_tokens: count, accepted_prediction_tokens: count },
      { requiredKeys: [] },
    ),
    billing: fc.dictionary(key, value, { maxKeys: 2 }),
    cost: fc.integer({ min: 0, max: 10_000 }).map((n) => n / 1000),
  },
  // The API reference requires the three counts in `usage`.
  { requiredKeys: ["prompt_tokens", "completion_tokens", "total_tokens"] },
);

const arbitraryError: fc.Arbitrary<ErrorEvent> = fc.oneof(
  // A provider's error object, as the decoder reads it.
  fc
    .oneof(
      fc.record(
        { message: fc.string(), code: fc.oneof(fc.string(), fc.integer()) },
        { requiredKeys: ["message"] },
      ),
      fc.string({ minLength: 1 }),
    )
    .map((wire) => mapError(wire as JsonValue)),
  // Any error of ours, as a proxy re-encodes it.
  fc
    .record(
      { code: fc.constantFrom(...errorCodeSchema.options), message: fc.string(), data: value },
      { requiredKeys: ["code", "message"] },
    )
    .map((e): ErrorEvent => ({ type: "error", ...e })),
);

const comment = fc
  .string({ maxLength: 20 })
  .filter((t) => !/[\r\n]/.test(t))
  .map((text): StreamEvent => ({ type: "comment", text }));

const trailer = fc.oneof(
  fc.dictionary(
    key.filter((k) => !KNOWN_TOP.has(k)),
    value,
    { maxKeys: 3 },
  ),
  fc.oneof(fc.string(), fc.integer(), fc.array(fc.integer(), { maxLength: 3 })),
);

/** Canonical OpenAI event sequences (see the top of this file). */
export const canonicalOpenAIEvents: fc.Arbitrary<StreamEvent[]> = fc
  .record({
    metadata: fc.record(
      {
        id: fc.string(),
        model: fc.string(),
        created: fc.nat(),
        systemFingerprint: fc.string(),
        serviceTier: fc.constantFrom("default", "flex"),
      },
      // The API reference requires `id`, `created` and `model` on every chunk: a sequence the
      // dialect expresses names them (the encoder synthesizes them otherwise).
      { requiredKeys: ["id", "model", "created"] },
    ),
    responseExtra: fc.option(fields(KNOWN_TOP), { nil: undefined }),
    choices: fc.array(choiceScript, { minLength: 1, maxLength: 3 }),
    picks: fc.array(fc.nat(), { maxLength: 12 }),
    midError: fc.option(fc.tuple(fc.nat(), arbitraryError), { nil: undefined }),
    comments: fc.array(fc.tuple(fc.nat(), comment), { maxLength: 2 }),
    metadataChange: fc.boolean(),
    lateExtra: fc.option(fields(KNOWN_TOP), { nil: undefined }),
    usage: fc.option(wireUsage, { nil: undefined }),
    receipt: fc.option(nonEmpty, { nil: undefined }),
    trailer: fc.option(
      fc.tuple(
        fc.option(
          key.filter((k) => k !== "message"),
          { nil: undefined },
        ),
        trailer,
      ),
      {
        nil: undefined,
      },
    ),
    lastError: fc.option(arbitraryError, { nil: undefined }),
    cutOff: fc.boolean(),
  })
  .map((s) => {
    const events: StreamEvent[] = [{ type: "metadata", ...s.metadata }];
    if (s.responseExtra !== undefined)
      events.push({ type: "extra", dialect: "openai", scope: "response", fields: s.responseExtra });
    const body = interleave(
      s.choices.map((script, choice) => choiceUnits(choice, script)),
      s.picks,
    );
    if (s.midError !== undefined)
      body.splice(s.midError[0] % (body.length + 1), 0, [s.midError[1]]);
    for (const [at, c] of s.comments) body.splice(at % (body.length + 1), 0, [c]);
    events.push(...body.flat());
    if (s.metadataChange) events.push({ type: "metadata", model: `${s.metadata.model}-next` });
    if (s.lateExtra !== undefined)
      events.push({ type: "extra", dialect: "openai", scope: "response", fields: s.lateExtra });
    if (s.usage !== undefined) events.push(mapUsage(s.usage as JsonObject));
    if (s.receipt !== undefined) events.push({ type: "receipt", id: s.receipt });
    if (s.trailer !== undefined) {
      const [event, data] = s.trailer;
      events.push(
        event === undefined
          ? { type: "unknown", dialect: "openai", data }
          : { type: "unknown", dialect: "openai", event, data },
      );
    }
    if (s.lastError !== undefined) events.push(s.lastError);
    if (s.cutOff) events.push({ type: "error", code: "cut-off", message: "ended early" });
    return finishSequence(events);
  });

/** The decoder reports a response extra only when it changed, and the end from the last error. */
function finishSequence(events: StreamEvent[]): StreamEvent[] {
  let lastExtra: JsonObject | undefined;
  let lastError: ErrorEvent["code"] | undefined;
  const out = events.filter((event) => {
    if (event.type === "extra" && event.scope === "response") {
      if (jsonEqual(event.fields, lastExtra)) return false;
      lastExtra = event.fields;
    }
    if (event.type === "error") lastError = event.code;
    return true;
  });
  out.push({ type: "end", reason: deriveEndReason(lastError) });
  return out;
}
