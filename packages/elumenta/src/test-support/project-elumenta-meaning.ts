import type { Meaning } from "@sse-dialects/testkit";
import { BILLING_FIELDS } from "../elumenta-wire.js";

type Choice = Meaning["choices"][number];

/**
 * The part of a stream's meaning that Elumenta can express, for conversions into Elumenta: the
 * text of choice 0; whether it finished (always as `stop`, Elumenta's only ending); billing
 * `tokens_used` / `balance_remaining`, which only a generation_end carries, so only when choice 0
 * finished; every error; how it ended. Reasoning, refusals, tool calls, other choices, token
 * counts and receipts are what the encoder drops (and reports).
 */
export function projectToElumenta(meaning: Meaning): Meaning {
  const first = meaning.choices[0];
  const choice: Choice | undefined =
    first === undefined || (first.text === "" && first.finish === undefined)
      ? undefined
      : ({
          text: first.text,
          reasoning: "",
          refusal: "",
          toolCalls: [],
          ...(first.finish === undefined ? {} : { finish: "stop" }),
        } as Choice);
  let usage: Meaning["usage"];
  if (choice?.finish !== undefined && meaning.usage?.billing !== undefined) {
    const billing = Object.fromEntries(
      Object.entries(meaning.usage.billing).filter(([key]) =>
        (BILLING_FIELDS as readonly string[]).includes(key),
      ),
    );
    if (Object.keys(billing).length > 0) usage = { billing };
  }
  const projected: Meaning = {
    choices: choice === undefined ? [] : [choice],
    usage,
    receiptId: undefined,
    errors: meaning.errors,
    end: meaning.end,
  };
  return JSON.parse(JSON.stringify(projected)) as Meaning;
}
