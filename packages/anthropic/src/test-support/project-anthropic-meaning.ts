import type { Meaning } from "@sse-dialects/testkit";

/**
 * What Anthropic Messages can express of a meaning (a conversion into it must keep exactly
 * this): choice 0 only; a refusal written as text after the text; a tool call without
 * arguments has `{}` (the block's `input`); the stop reason `tool_use` when the message has tool
 * calls and the source said stop (or a reason without an Anthropic name), `end_turn` for those
 * otherwise, none for a finish `error` (the error event says it); usage in Anthropic's counts
 * (the prompt is at least its cache reads and writes, 0 where unknown once a message started; no
 * total, no billing); no receipt.
 */
export function projectToAnthropic(meaning: Meaning): Meaning {
  const choices = meaning.choices.slice(0, 1).map((choice) => {
    const calls = choice.toolCalls.length > 0;
    let finish = choice.finish;
    if (finish === "error") finish = undefined;
    else if (calls && (finish === "stop" || finish === "other" || finish === "tool_calls"))
      finish = "tool_calls";
    else if (finish === "other") finish = "stop";
    return {
      text: choice.text + choice.refusal,
      reasoning: choice.reasoning,
      refusal: "",
      toolCalls: choice.toolCalls.map((call) => ({
        ...call,
        arguments: call.arguments === "" ? "{}" : call.arguments,
      })),
      finish,
    };
  });
  const u = meaning.usage;
  let usage: Meaning["usage"];
  if (u !== undefined || choices.length > 0) {
    const cached = u?.cachedTokens;
    const written = u?.cacheWriteTokens;
    const cache = (cached ?? 0) + (written ?? 0);
    usage = {
      promptTokens: Math.max(u?.promptTokens ?? 0, cache),
      completionTokens: u?.completionTokens ?? 0,
    };
    if (cached !== undefined) usage.cachedTokens = cached;
    if (written !== undefined) usage.cacheWriteTokens = written;
    if (u?.reasoningTokens !== undefined) usage.reasoningTokens = u.reasoningTokens;
  }
  return JSON.parse(
    JSON.stringify({ ...meaning, choices, usage, receiptId: undefined }),
  ) as Meaning;
}
