import {
  type AccumulatedChoice,
  type AccumulatedMessage,
  type ExactJson,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  parseJson,
  type ResponseOptions,
  setOwn,
} from "@sse-dialects/core";
import { encodeGeminiUsage } from "./encode-gemini-usage.js";
import { GEMINI, GEMINI_ENUM, GEMINI_FINISH_REASON, MODEL_ROLE } from "./gemini-wire.js";

/** Copies Gemini's own fields onto `target` without replacing what is there. */
function addOwn(target: JsonObject, own: JsonObject | undefined): JsonObject {
  if (own !== undefined)
    for (const key of Object.keys(own))
      if (!Object.hasOwn(target, key)) setOwn(target, key, own[key]!);
  return target;
}

function parseArgs(args: string, exact: ExactJson | undefined): JsonValue {
  if (args === "") return {};
  try {
    const value = parseJson(args) as JsonValue;
    if (!isJsonObject(value)) return {};
    return exact === undefined ? value : exact.value(args, value);
  } catch {
    // A cut-off call's arguments are not JSON: Gemini's `args` must be an object.
    return {};
  }
}

function partsOf(choice: AccumulatedChoice, exact: ExactJson | undefined): JsonObject[] {
  const parts: JsonObject[] = [];
  for (const part of choice.parts) {
    if (part.type === "tool-call") {
      const call = choice.toolCalls.find((entry) => entry.index === part.index);
      if (call === undefined) continue;
      const functionCall: JsonObject = { name: call.name, args: parseArgs(call.arguments, exact) };
      if (call.id !== undefined) functionCall.id = call.id;
      parts.push(addOwn({ functionCall }, call.extra?.[GEMINI]));
      continue;
    }
    const out: JsonObject = { text: part.text };
    if (part.type === "reasoning") {
      out.thought = true;
      if (part.signature !== undefined) out.thoughtSignature = part.signature;
    }
    parts.push(addOwn(out, part.extra?.[GEMINI]));
  }
  return parts;
}

/**
 * The non-streaming Gemini response (`GenerateContentResponse`,
 * https://ai.google.dev/api/generate-content#generatecontentresponse) a collected stream adds up
 * to, for a proxy answering `:generateContent`: one candidate per choice with its parts in order
 * (text; reasoning as `thought` parts with their `thoughtSignature`; refusals as text; tool
 * calls as whole `functionCall`s with parsed `args` and their `id` when the wire had one), the
 * `finishReason` (Gemini's own when the source was Gemini, else `STOP` / `MAX_TOKENS` /
 * `SAFETY` / `OTHER`), `usageMetadata` as the stream encoder writes it, `modelVersion`,
 * `responseId`, and the Gemini fields the stream carried (`safetyRatings`, `promptFeedback`).
 *
 * @example
 * ```ts
 * import { accumulate, decodeAll } from "@sse-dialects/core";
 * import { gemini, toGenerateContentResponse } from "@sse-dialects/gemini";
 *
 * const response = toGenerateContentResponse(
 *   accumulate(decodeAll('data: {"candidates":[{"content":{"parts":[{"text":"Hi"}],"role":"model"},"finishReason":"STOP","index":0}]}\r\n\r\n', gemini)),
 * );
 * response.candidates; // [{ content: { role: "model", parts: [{ text: "Hi" }] }, finishReason: "STOP", index: 0 }]
 * ```
 */
export function toGenerateContentResponse(
  message: AccumulatedMessage,
  options: ResponseOptions = {},
): JsonObject {
  const candidates = message.choices.map((choice): JsonObject => {
    const candidate: JsonObject = {
      content: { role: MODEL_ROLE, parts: partsOf(choice, options.exact) },
    };
    const finish = choice.finish;
    if (finish !== undefined)
      candidate.finishReason = GEMINI_ENUM.test(finish.raw)
        ? finish.raw
        : GEMINI_FINISH_REASON[finish.reason];
    candidate.index = choice.index;
    return addOwn(candidate, choice.extra?.[GEMINI]);
  });
  const response: JsonObject = { candidates };
  if (message.usage !== undefined)
    response.usageMetadata = encodeGeminiUsage(undefined, { type: "usage", ...message.usage });
  if (message.model !== undefined) response.modelVersion = message.model;
  if (message.id !== undefined) response.responseId = message.id;
  return addOwn(response, message.extra[GEMINI]);
}
