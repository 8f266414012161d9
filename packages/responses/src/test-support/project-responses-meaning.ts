import { parseJson } from "@sse-dialects/core";
import type { Meaning } from "@sse-dialects/testkit";

/**
 * What a Responses stream can express of a meaning: one output (choice 0); the finish a
 * terminal status can say (`completed` is `tool_calls` when functions were called, else `stop`;
 * `incomplete` keeps `length` and `content_filter`; a stream that did not end well is
 * `response.failed`, which has no finish); usage with every count the reference requires (a
 * missing one 0, a missing total input + output) and no billing or cache-write tokens; no
 * receipt. A choice with no content says nothing a Responses output can carry.
 */
export function projectToResponses(meaning: Meaning): Meaning {
  const first = meaning.choices[0];
  const choices: Meaning["choices"] = [];
  if (
    first !== undefined &&
    (first.text !== "" ||
      first.reasoning !== "" ||
      first.refusal !== "" ||
      first.toolCalls.length > 0)
  ) {
    const kept = first.finish === "length" || first.finish === "content_filter";
    const finish =
      meaning.end !== "done"
        ? undefined
        : kept
          ? first.finish
          : first.toolCalls.length > 0
            ? "tool_calls"
            : "stop";
    choices.push({ ...first, finish });
  }
  const u = meaning.usage;
  const counted =
    u !== undefined &&
    (u.promptTokens !== undefined ||
      u.completionTokens !== undefined ||
      u.totalTokens !== undefined);
  const usage = counted
    ? {
        promptTokens: u.promptTokens ?? 0,
        completionTokens: u.completionTokens ?? 0,
        totalTokens: u.totalTokens ?? (u.promptTokens ?? 0) + (u.completionTokens ?? 0),
        cachedTokens: u.cachedTokens ?? 0,
        reasoningTokens: u.reasoningTokens ?? 0,
      }
    : undefined;
  return parseJson(
    JSON.stringify({ ...meaning, choices, usage, receiptId: undefined }),
  ) as unknown as Meaning;
}
