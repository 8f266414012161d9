import { parseJson } from "@sse-dialects/core";
import { type Meaning, objectArgumentsMeaning } from "@sse-dialects/testkit";

/**
 * What Ollama can express of a meaning: one choice (0); refusals become text; arguments are
 * objects; `stop` and `tool_calls` follow from whether calls were made, and any other ending but
 * `length` is `stop` (`other` too: `load`/`unload` mean a model was loaded, nothing another
 * dialect says) (Ollama's `done_reason` has no filter value), and a finish with `error` is
 * not written (the error line ends the stream); usage, only on the done line, is prompt and
 * completion counts (the total is their sum); no cached or reasoning counts, billing or receipts.
 */
export function projectToOllama(meaning: Meaning): Meaning {
  const first = meaning.choices.find((_, i) => i === 0);
  const choices: Meaning["choices"] = [];
  if (first !== undefined) {
    const toolCalls = first.toolCalls.map((call) => ({
      ...call,
      arguments: objectArgumentsMeaning(call.arguments),
    }));
    const finish =
      first.finish === undefined || first.finish === "error"
        ? undefined
        : first.finish === "length"
          ? "length"
          : toolCalls.length > 0
            ? "tool_calls"
            : "stop";
    const choice = { ...first, text: first.text + first.refusal, refusal: "", toolCalls, finish };
    if (
      choice.text !== "" ||
      choice.reasoning !== "" ||
      toolCalls.length > 0 ||
      finish !== undefined
    )
      choices.push(choice);
  }
  let usage: Meaning["usage"];
  const u = meaning.usage;
  if (
    first?.finish !== undefined &&
    u !== undefined &&
    (u.promptTokens !== undefined || u.completionTokens !== undefined)
  ) {
    usage = {
      promptTokens: u.promptTokens,
      completionTokens: u.completionTokens,
      totalTokens: (u.promptTokens ?? 0) + (u.completionTokens ?? 0),
    };
  }
  return parseJson(
    JSON.stringify({ ...meaning, choices, usage, receiptId: undefined }),
  ) as unknown as Meaning;
}
