import { accumulate, type StreamEvent } from "@sse-dialects/core";
import { toChatCompletion } from "@sse-dialects/openai";
import { dialectNames } from "@sse-dialects/registry";
import { loadFixtures } from "@sse-dialects/testkit";
import { describe, expect, it } from "vitest";
import { FoldUsageIntoFinish } from "./fold-usage-into-finish.js";

/** The chunks a reader sees: up to the first error, as iteration throws there. */
function fold(events: readonly StreamEvent[]) {
  const folder = new FoldUsageIntoFinish();
  const chunks = [];
  for (const event of events) {
    if (event.type === "error") return [...chunks, ...folder.fail()];
    chunks.push(...folder.push(event));
  }
  chunks.push(...folder.end());
  return chunks;
}

const fixtures = dialectNames().flatMap((dialect) =>
  loadFixtures(dialect).map((fixture) => ({ id: `${dialect}/${fixture.name}`, fixture })),
);

describe.each(fixtures)("the chunk view of $id", ({ fixture }) => {
  const all = fixture.events!;
  const failure = all.findIndex((event) => event.type === "error");
  // What a reader sees: everything before the first error (iteration throws there).
  const events = failure === -1 ? all : all.slice(0, failure);
  const completion = toChatCompletion(accumulate(events));
  const chunks = fold(all);
  const finished = events.some((event) => event.type === "finish");

  it("has a choice on every chunk", () => {
    for (const chunk of chunks) expect(chunk.choices.length).toBeGreaterThan(0);
  });

  it("puts usage only on finish chunks, the stream's whole usage on the last one", () => {
    const withUsage = chunks.filter((chunk) => chunk.usage !== undefined);
    if (completion.usage === undefined || (!finished && failure !== -1)) {
      expect(withUsage).toEqual([]);
      return;
    }
    const last = withUsage.at(-1)!;
    expect(last.usage).toEqual(completion.usage);
    if (!finished) {
      expect(last).toBe(chunks.at(-1));
      return;
    }
    const finishes = chunks.filter((c) => c.choices.some((choice) => choice.finish_reason));
    expect(last).toBe(finishes.at(-1));
    // With several choices, an earlier finish carries the total so far (clients keep the last).
    for (const chunk of withUsage) expect(finishes).toContain(chunk);
  });

  it("keeps every choice's content and finish reason, in order", () => {
    for (const choice of completion.choices) {
      const deltas = chunks.flatMap((chunk) =>
        chunk.choices.filter((c) => c.index === choice.index),
      );
      const content = deltas.map((c) => c.delta.content ?? "").join("");
      expect(content).toBe(choice.message.content ?? "");
      const reasons = deltas.flatMap((c) => (c.finish_reason === null ? [] : [c.finish_reason]));
      // A failed stream's completion says "error" for a choice that never finished.
      if (choice.finish_reason !== "error" || reasons.length > 0)
        expect(reasons.at(-1) ?? null).toBe(choice.finish_reason);
    }
  });
});

describe("FoldUsageIntoFinish", () => {
  it("holds usage that came first until the finish, and merges usage that came after", () => {
    const chunks = fold([
      { type: "usage", promptTokens: 3 },
      { type: "text-delta", choice: 0, text: "Hi" },
      { type: "finish", choice: 0, reason: "stop", raw: "end_turn" },
      { type: "usage", completionTokens: 2 },
      { type: "end", reason: "done" },
    ]);
    expect(chunks.map((c) => [c.choices[0]?.delta, c.choices[0]?.finish_reason, c.usage])).toEqual([
      [{ content: "Hi" }, null, undefined],
      [{}, "stop", { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 }],
    ]);
  });

  it("writes usage with no finish at all on a last chunk that still has a choice", () => {
    const chunks = fold([
      { type: "text-delta", choice: 0, text: "Hi" },
      { type: "usage", promptTokens: 1, completionTokens: 1, totalTokens: 2 },
      { type: "end", reason: "done" },
    ]);
    expect(chunks).toHaveLength(2);
    expect(chunks[1]).toMatchObject({
      choices: [{ index: 0, delta: {}, finish_reason: null }],
      usage: { total_tokens: 2 },
    });
  });
});
