import type { StreamEvent } from "@sse-dialects/core";
import { arbitraryText } from "@sse-dialects/testkit";
import fc from "fast-check";

/**
 * Canonical Responses event sequences, built from the model's vocabulary as the Responses
 * decoder must emit them (never by calling this package's mappers): metadata and role, items in
 * output order (message text or refusal, reasoning summary with encrypted content, function
 * calls with their item id and `call_id`), then a terminal state with usage, or an error.
 */
type Item = "text" | "refusal" | "reasoning" | "call";

const usage = fc.record({
  promptTokens: fc.nat(5000),
  cachedTokens: fc.nat(100),
  completionTokens: fc.nat(5000),
  reasoningTokens: fc.nat(100),
  totalTokens: fc.nat(10000),
});

export const arbitraryResponsesEvents: fc.Arbitrary<StreamEvent[]> = fc
  .record({
    items: fc.array(
      fc.record({
        kind: fc.constantFrom<Item>("text", "refusal", "reasoning", "call"),
        deltas: fc.array(arbitraryText, { minLength: 1, maxLength: 3 }),
        encrypted: fc.option(fc.string({ minLength: 1, maxLength: 8 }), { nil: undefined }),
      }),
      { maxLength: 4 },
    ),
    ending: fc.constantFrom("completed", "length", "content_filter", "error"),
    usage,
  })
  .map(({ items, ending, usage }) => {
    const events: StreamEvent[] = [
      { type: "metadata", id: "resp_1", model: "gpt-test", created: 1700000000 },
      { type: "role", choice: 0, role: "assistant" },
    ];
    let calls = 0;
    items.forEach(({ kind, deltas, encrypted }, part) => {
      if (kind === "call") {
        const index = calls++;
        events.push(
          {
            type: "extra",
            dialect: "responses",
            scope: "tool-call",
            choice: 0,
            index,
            fields: { item: { id: `fc_${part}` } },
          },
          { type: "tool-call-start", choice: 0, index, id: `call_${part}`, name: "fn" },
          ...deltas.map(
            (delta): StreamEvent => ({ type: "tool-call-delta", choice: 0, index, delta }),
          ),
          { type: "tool-call-end", choice: 0, index },
        );
        return;
      }
      const itemType = kind === "reasoning" ? "reasoning" : "message";
      events.push({
        type: "extra",
        dialect: "responses",
        scope: "part",
        choice: 0,
        part,
        fields: { item: { id: `item_${part}`, type: itemType } },
      });
      const type =
        kind === "text" ? "text-delta" : kind === "refusal" ? "refusal-delta" : "reasoning-delta";
      for (const text of deltas) events.push({ type, choice: 0, part, text });
      if (kind === "reasoning" && encrypted !== undefined) {
        events.push({ type: "reasoning-redacted", choice: 0, part, data: encrypted });
      }
    });
    if (ending === "error") {
      events.push(
        {
          type: "error",
          code: "provider-error",
          message: "The server had an error",
          data: {
            type: "error",
            code: "server_error",
            message: "The server had an error",
            param: null,
          },
          dialect: "responses",
        },
        { type: "end", reason: "error" },
      );
      return events;
    }
    events.push(
      ending === "completed"
        ? { type: "finish", choice: 0, reason: calls > 0 ? "tool_calls" : "stop", raw: "completed" }
        : {
            type: "finish",
            choice: 0,
            reason: ending,
            raw: ending === "length" ? "max_output_tokens" : "content_filter",
          },
      { type: "usage", ...usage },
      { type: "end", reason: "done" },
    );
    return events;
  });
