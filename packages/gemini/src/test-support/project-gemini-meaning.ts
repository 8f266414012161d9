import { parseJson } from "@sse-dialects/core";
import { type Meaning, objectArgumentsMeaning } from "@sse-dialects/testkit";

type Choice = Meaning["choices"][number];

/**
 * What Gemini can express of a meaning, for conversions into Gemini: refusals become text (Gemini
 * has no refusal part); a call's arguments are an object (`args`), so they compare as parsed JSON,
 * and arguments that are not an object are lost; `STOP` ends a turn with or without calls, so
 * `stop` and `tool_calls` follow from whether the choice called a function, and `error` (no
 * Gemini finish reason) is `OTHER`; billing and receipts have no field. A choice with nothing in
 * it is left out (Gemini chunks always name a candidate, so metadata alone shows an empty one).
 */
export function projectToGemini(meaning: Meaning): Meaning {
  const choices = meaning.choices
    .map((choice): Choice => {
      const toolCalls = choice.toolCalls.map((call) => ({
        ...call,
        arguments: objectArgumentsMeaning(call.arguments),
      }));
      let finish = choice.finish;
      if (finish === "stop" || finish === "tool_calls")
        finish = toolCalls.length > 0 ? "tool_calls" : "stop";
      if (finish === "error") finish = "other";
      return { ...choice, text: choice.text + choice.refusal, refusal: "", toolCalls, finish };
    })
    .filter(
      (c) =>
        c.text !== "" || c.reasoning !== "" || c.toolCalls.length > 0 || c.finish !== undefined,
    );
  let usage = meaning.usage;
  if (usage !== undefined) {
    // Gemini has no count for tokens written to a cache.
    const { billing: _, cacheWriteTokens: __, ...counts } = usage;
    usage = Object.keys(counts).length === 0 ? undefined : counts;
  }
  return parseJson(
    JSON.stringify({ ...meaning, choices, usage, receiptId: undefined }),
  ) as unknown as Meaning;
}
