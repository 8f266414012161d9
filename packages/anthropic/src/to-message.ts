import {
  type AccumulatedChoice,
  type AccumulatedMessage,
  type ExactJson,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  parseJson,
  type ResponseOptions,
  randomHex,
  setOwn,
  toolCallIdOf,
} from "@sse-dialects/core";
import { STOP_REASONS } from "./anthropic-wire.js";
import { toAnthropicUsage } from "./map-anthropic-usage.js";

/** Anthropic's `stop_reason` for a unified reason, when the raw value is not Anthropic's. */
const STOP_REASON_OF: Readonly<Record<string, string>> = {
  stop: "end_turn",
  length: "max_tokens",
  tool_calls: "tool_use",
  content_filter: "refusal",
  other: "end_turn",
};

function parseInput(args: string, exact: ExactJson | undefined): JsonValue {
  if (args === "") return {};
  try {
    const value = parseJson(args) as JsonValue;
    return exact === undefined ? value : exact.value(args, value);
  } catch {
    // Arguments that are not JSON (a cut-off call) cannot be an `input` object.
    return {};
  }
}

function content(choice: AccumulatedChoice, exact: ExactJson | undefined): JsonObject[] {
  const out: JsonObject[] = [];
  for (const part of choice.parts) {
    let block: JsonObject;
    if (part.type === "tool-call") {
      const call = choice.toolCalls.find((c) => c.index === part.index);
      if (call === undefined) continue;
      block = {
        type: "tool_use",
        id: toolCallIdOf({ choice: choice.index, index: call.index, id: call.id }),
        name: call.name,
        input: parseInput(call.arguments, exact),
      };
    } else if (part.type === "reasoning") {
      block =
        part.redacted !== undefined
          ? { type: "redacted_thinking", data: part.redacted }
          : { type: "thinking", thinking: part.text, signature: part.signature ?? "" };
    } else {
      block = { type: "text", text: part.text };
    }
    const own = part.type === "tool-call" ? undefined : part.extra?.anthropic;
    if (own !== undefined)
      for (const key of Object.keys(own))
        if (!Object.hasOwn(block, key)) setOwn(block, key, own[key]!);
    out.push(block);
  }
  return out;
}

/**
 * The non-streaming Messages response (`Message`, https://docs.anthropic.com/en/api/messages) a
 * collected stream adds up to, for a proxy answering `stream: false`: choice 0's parts as content
 * blocks in order (text and refusal as `text`, reasoning as `thinking` with its signature, `""`
 * when it has none, or `redacted_thinking`, tool calls as `tool_use` with parsed `input`), the
 * stop reason (`tool_use` when there are tool calls and the source said stop), and the usage in
 * Anthropic's shape. Server-tool blocks, kept as unknown events, have no place in the
 * accumulated parts and are not written.
 *
 * @example
 * ```ts
 * import { accumulate, decodeAll } from "@sse-dialects/core";
 * import { anthropic, toMessage } from "@sse-dialects/anthropic";
 *
 * const message = toMessage(accumulate(decodeAll(body, anthropic)));
 * console.log(message.content);
 * ```
 */
export function toMessage(message: AccumulatedMessage, options: ResponseOptions = {}): JsonObject {
  const choice = message.choices.find((c) => c.index === 0);
  const finish = choice?.finish;
  let stop: string | null = null;
  if (finish !== undefined && finish.reason !== "error") {
    const own =
      Object.hasOwn(STOP_REASONS, finish.raw) && STOP_REASONS[finish.raw] === finish.reason;
    const calls = (choice?.toolCalls.length ?? 0) > 0;
    stop =
      calls && (finish.reason === "stop" || finish.reason === "tool_calls")
        ? "tool_use"
        : own
          ? finish.raw
          : STOP_REASON_OF[finish.reason]!;
  }
  const delta = choice?.extra?.anthropic;
  const out: JsonObject = {
    id: message.id ?? `msg_${randomHex(32)}`,
    type: "message",
    role: "assistant",
    model: message.model ?? "unknown",
    content: choice === undefined ? [] : content(choice, options.exact),
    stop_reason: stop,
    stop_sequence:
      isJsonObject(delta) && typeof delta.stop_sequence === "string" ? delta.stop_sequence : null,
    usage: toAnthropicUsage(message.usage),
  };
  const own = Object.hasOwn(message.extra, "anthropic") ? message.extra.anthropic : undefined;
  if (own !== undefined)
    for (const key of Object.keys(own)) if (!Object.hasOwn(out, key)) setOwn(out, key, own[key]!);
  return out;
}
