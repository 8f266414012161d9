import {
  type AccumulatedChoice,
  type AccumulatedMessage,
  type ExactJson,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  parseJson,
  type ResponseOptions,
} from "@sse-dialects/core";
import { DURATIONS, mapOllamaDoneReason, OLLAMA, OLLAMA_DONE_REASON } from "./ollama-wire.js";

/** The epoch, when the stream named no creation time. */
const EPOCH = "1970-01-01T00:00:00Z";
/** The `done_reason` values Ollama documents (clients type it as a closed set). */
const DONE_VALUES: ReadonlySet<string> = new Set(["stop", "length", "load", "unload"]);

function createdAt(message: AccumulatedMessage): string {
  if (message.created === undefined) return EPOCH;
  const date = new Date(message.created * 1000);
  return Number.isNaN(date.getTime()) ? EPOCH : date.toISOString();
}

function argumentsOf(args: string, exact: ExactJson | undefined): JsonValue {
  if (args === "") return {};
  try {
    const value = parseJson(args) as JsonValue;
    if (!isJsonObject(value)) return {};
    return exact === undefined ? value : exact.value(args, value);
  } catch {
    // A cut-off call's arguments are not JSON: Ollama's `arguments` must be an object.
    return {};
  }
}

/** `done_reason`, Ollama's own value when the source said one, else the closest. */
function doneReason(choice: AccumulatedChoice | undefined): string {
  const finish = choice?.finish;
  if (finish === undefined) return "stop";
  const hadCalls = (choice?.toolCalls.length ?? 0) > 0;
  if (DONE_VALUES.has(finish.raw) && mapOllamaDoneReason(finish.raw, hadCalls) === finish.reason)
    return finish.raw;
  return OLLAMA_DONE_REASON[finish.reason];
}

/** The done line's counts and durations. */
function counts(message: AccumulatedMessage): JsonObject {
  const out: JsonObject = {};
  const usage = message.usage;
  if (usage === undefined) return out;
  if (usage.extra !== undefined && usage.dialect === OLLAMA)
    for (const key of DURATIONS) if (usage.extra[key] !== undefined) out[key] = usage.extra[key]!;
  if (usage.promptTokens !== undefined) out.prompt_eval_count = usage.promptTokens;
  if (usage.completionTokens !== undefined) out.eval_count = usage.completionTokens;
  return out;
}

/**
 * The non-streaming Ollama `/api/chat` answer (`ChatResponse`,
 * https://github.com/ollama/ollama/blob/main/docs/api.md#chat-request-no-streaming) a collected
 * stream adds up to: `model`, `created_at`, the `message` of choice 0 (`content`, `thinking`,
 * `tool_calls` with `arguments` objects), `done: true`, `done_reason` (Ollama's own, else
 * `stop` / `length`), `prompt_eval_count`, `eval_count` and the durations when Ollama sent them.
 *
 * @example
 * ```ts
 * import { accumulate, decodeAll } from "@sse-dialects/core";
 * import { ollama, toChatResponse } from "@sse-dialects/ollama";
 *
 * const response = toChatResponse(accumulate(decodeAll('{"model":"m","message":{"role":"assistant","content":"Hi"},"done":true,"done_reason":"stop"}\n', ollama)));
 * response.message; // { role: "assistant", content: "Hi" }
 * ```
 */
export function toChatResponse(
  message: AccumulatedMessage,
  options: ResponseOptions = {},
): JsonObject {
  const choice = message.choices.find((entry) => entry.index === 0) ?? message.choices[0];
  const out: JsonObject = { role: "assistant", content: choice?.text ?? "" };
  if (choice !== undefined && choice.reasoning !== "") out.thinking = choice.reasoning;
  if (choice !== undefined && choice.toolCalls.length > 0)
    out.tool_calls = choice.toolCalls.map((call) => ({
      function: { name: call.name, arguments: argumentsOf(call.arguments, options.exact) },
    }));
  return {
    model: message.model ?? "",
    created_at: createdAt(message),
    message: out,
    done: true,
    done_reason: doneReason(choice),
    ...counts(message),
  };
}

/**
 * The non-streaming Ollama `/api/generate` answer (`GenerateResponse`): as
 * {@link toChatResponse}, with the text as `response` and the reasoning as `thinking`; tool
 * calls have no place in it.
 *
 * @example
 * ```ts
 * toGenerateResponse(message).response; // "Hi"
 * ```
 */
export function toGenerateResponse(message: AccumulatedMessage): JsonObject {
  const chat = toChatResponse(message);
  const { message: reply, ...rest } = chat;
  const answer = reply as JsonObject;
  const out: JsonObject = {
    model: rest.model!,
    created_at: rest.created_at!,
    response: answer.content!,
  };
  if (answer.thinking !== undefined) out.thinking = answer.thinking;
  return { ...out, ...rest };
}
