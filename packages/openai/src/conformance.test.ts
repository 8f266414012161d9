import { describeConformance, type Meaning } from "@sse-dialects/testkit";
import { openai } from "./openai-dialect.js";
import { canonicalOpenAIEvents } from "./test/canonical-events.js";
import { checkOpenAIWire } from "./test-support/check-openai-wire.js";

/**
 * What OpenAI chat chunks can express of a meaning: everything the model names, with the
 * `usage` the API reference requires (the three counts, a missing one 0) and finish reasons
 * among OpenAI's (one without an OpenAI name is written as `stop`, and reported).
 */
function projectToOpenAI(meaning: Meaning): Meaning {
  const usage = meaning.usage;
  const counted =
    usage !== undefined &&
    (usage.promptTokens !== undefined ||
      usage.completionTokens !== undefined ||
      usage.totalTokens !== undefined);
  const projected: Meaning = {
    ...meaning,
    choices: meaning.choices.map((choice) => ({
      ...choice,
      finish: choice.finish === "other" ? "stop" : choice.finish,
    })),
    usage:
      usage === undefined
        ? undefined
        : counted
          ? {
              ...usage,
              promptTokens: usage.promptTokens ?? 0,
              completionTokens: usage.completionTokens ?? 0,
              totalTokens:
                usage.totalTokens ?? (usage.promptTokens ?? 0) + (usage.completionTokens ?? 0),
            }
          : usage.billing === undefined
            ? undefined
            : { billing: usage.billing },
  };
  return JSON.parse(JSON.stringify(projected)) as Meaning;
}

describeConformance({
  dialect: openai,
  arbitrary: canonicalOpenAIEvents,
  project: projectToOpenAI,
  checkWire: checkOpenAIWire,
  numRuns: 200,
});
