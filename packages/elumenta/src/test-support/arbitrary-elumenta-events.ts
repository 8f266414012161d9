import {
  deriveEndReason,
  type ErrorCode,
  type JsonObject,
  type MetadataEvent,
  type StreamEvent,
} from "@sse-dialects/core";
import { arbitraryText } from "@sse-dialects/testkit";
import fc from "fast-check";

/**
 * Event sequences exactly as the Elumenta decoder produces them (its canonical form): the
 * events-first round trip property runs over these. Everything the decoder can emit is here:
 * a start (metadata with the values it names, role), text, extra fields after the event they
 * came with, unknown types and `event:`-named messages, comments, a generation_end (a new id
 * first, finish, billing), provider errors and errors carrying our codes, and the end.
 */

const ids = fc.constantFrom("gen_01j9x2abc123", "gen_a", "gen_b");
const models = fc.constantFrom("gpt-5", "claude-sonnet-4", "llama-3.1-8b");

/** Fields no Elumenta event names, so the decoder keeps them as `extra`. */
const extraFields: fc.Arbitrary<JsonObject> = fc.dictionary(
  fc.constantFrom("x_trace", "latency_ms", "index", "created_at", "cost_usd"),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<JsonObject[string]>,
  { minKeys: 1, maxKeys: 3 },
);

const optionalExtra: fc.Arbitrary<StreamEvent[]> = fc
  .option(extraFields, { nil: undefined })
  .map((fields) =>
    fields === undefined ? [] : [{ type: "extra", dialect: "elumenta", scope: "response", fields }],
  );

const withExtra = (events: fc.Arbitrary<StreamEvent[]>) =>
  fc.tuple(events, optionalExtra).map(([head, tail]) => [...head, ...tail]);

const commentText = fc
  .string({ unit: "grapheme", maxLength: 16 })
  .filter((text) => !/[\r\n]/.test(text));

const unknownEvent: fc.Arbitrary<StreamEvent> = fc.oneof(
  fc.tuple(fc.constantFrom("moderation", "ping", "tool_status"), fc.option(extraFields)).map(
    ([type, fields]): StreamEvent => ({
      type: "unknown",
      dialect: "elumenta",
      data: { type, ...fields },
    }),
  ),
  fc
    .tuple(
      fc.constantFrom("ping", "moderation", "custom-event"),
      fc.oneof(arbitraryText, fc.jsonValue({ maxDepth: 2 })),
    )
    .map(
      ([event, data]): StreamEvent => ({
        type: "unknown",
        dialect: "elumenta",
        event,
        data: data as JsonObject[string],
      }),
    ),
);

const bodyItem: fc.Arbitrary<StreamEvent[]> = fc.oneof(
  { weight: 4, arbitrary: withExtra(arbitraryText.map((text) => [textDelta(text)])) },
  { weight: 1, arbitrary: commentText.map((text): StreamEvent[] => [{ type: "comment", text }]) },
  { weight: 1, arbitrary: unknownEvent.map((event) => [event]) },
);

const body = fc.array(bodyItem, { maxLength: 8 }).map((items) => items.flat());

const billing: fc.Arbitrary<JsonObject | undefined> = fc
  .record(
    {
      tokens_used: fc.nat(100_000),
      balance_remaining: fc.oneof(fc.nat(), fc.double({ min: 0, max: 1e6, noNaN: true })),
    },
    { requiredKeys: [] },
  )
  .map((record) => (Object.keys(record).length === 0 ? undefined : (record as JsonObject)));

const ownErrorCodes = fc.constantFrom<Exclude<ErrorCode, "provider-error">>(
  "invalid-json",
  "invalid-event",
  "event-too-large",
  "cut-off",
  "aborted",
  "timeout",
  "network-error",
  "invalid-utf8",
);

const errorEvents: fc.Arbitrary<StreamEvent[]> = fc.oneof(
  fc
    .tuple(arbitraryText, fc.option(fc.constantFrom("rate_limited", "insufficient_balance")))
    .map(([message, code]): StreamEvent[] => {
      const data: JsonObject = { type: "error", message };
      if (code !== null) data.code = code;
      return [{ type: "error", code: "provider-error", message, data, dialect: "elumenta" }];
    }),
  withExtra(
    fc
      .tuple(
        ownErrorCodes,
        arbitraryText,
        fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined }),
      )
      .map(([code, message, data]): StreamEvent[] => [
        data === undefined
          ? { type: "error", code, message }
          : { type: "error", code, message, data: data as JsonObject[string] },
      ]),
  ),
);

/** A canonical Elumenta event sequence, `end` included. */
export const arbitraryElumentaEvents: fc.Arbitrary<StreamEvent[]> = fc
  .record({
    start: fc.option(
      fc.record({
        id: fc.option(ids, { nil: undefined }),
        model: fc.option(models, { nil: undefined }),
      }),
      { nil: undefined },
    ),
    startExtra: optionalExtra,
    body,
    end: fc.option(
      fc.record({ id: fc.option(ids, { nil: undefined }), billing, extra: optionalExtra }),
      {
        nil: undefined,
      },
    ),
    after: body,
    error: fc.option(errorEvents, { nil: undefined }),
  })
  .map(({ start, startExtra, body: middle, end, after, error }) => {
    const events: StreamEvent[] = [];
    let currentId: string | undefined;
    if (start !== undefined) {
      const metadata: MetadataEvent = { type: "metadata" };
      if (start.id !== undefined) metadata.id = currentId = start.id;
      if (start.model !== undefined) metadata.model = start.model;
      if (start.id !== undefined || start.model !== undefined) events.push(metadata);
      events.push({ type: "role", choice: 0, role: "assistant" }, ...startExtra);
    }
    events.push(...middle);
    if (end !== undefined) {
      if (end.id !== undefined && end.id !== currentId)
        events.push({ type: "metadata", id: end.id });
      events.push({ type: "finish", choice: 0, reason: "stop", raw: "generation_end" });
      if (end.billing !== undefined) events.push({ type: "usage", billing: end.billing });
      events.push(...end.extra, ...after);
    }
    if (error !== undefined) events.push(...error);
    const lastError = error?.[0]?.type === "error" ? error[0].code : undefined;
    events.push({ type: "end", reason: deriveEndReason(lastError) });
    return events;
  });

function textDelta(text: string): StreamEvent {
  return { type: "text-delta", choice: 0, text };
}
