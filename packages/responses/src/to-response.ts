import {
  type AccumulatedMessage,
  type FinishReason,
  isJsonObject,
  type JsonObject,
  toolCallIdOf,
} from "@sse-dialects/core";
import { buildResponse } from "./build-response.js";
import { itemJson, type OutputItem } from "./output-items.js";
import { RESPONSES } from "./responses-wire.js";

/**
 * The non-streaming Responses object (`POST /v1/responses` without `stream`) for a collected
 * stream: choice 0's parts in order as output items (text and refusal as `message` items,
 * reasoning as `reasoning` items with one summary part and its `encrypted_content`, tool calls as
 * `function_call` items), status `completed`, `incomplete` (finish `length`, `content_filter`)
 * or `failed` (when the stream carried an error), usage, and this dialect's own item ids and
 * response fields when the stream was Responses.
 *
 * @example
 * ```ts
 * const response = toResponse(accumulate(decodeAll(sse, anthropic)));
 * response.output; // [{ type: "message", content: [{ type: "output_text", text: "…" }] }, …]
 * ```
 */
export function toResponse(message: AccumulatedMessage): JsonObject {
  const choice = message.choices.find((c) => c.index === 0);
  const items: OutputItem[] = [];
  for (const part of choice?.parts ?? []) {
    const outputIndex = items.length;
    if (part.type === "tool-call") {
      const call = choice!.toolCalls.find((c) => c.index === part.index)!;
      const own = call.extra?.[RESPONSES]?.item;
      items.push({
        kind: "function_call",
        outputIndex,
        toolIndex: call.index,
        base: isJsonObject(own) ? own : {},
        callId: toolCallIdOf({ choice: 0, index: call.index, id: call.id }),
        name: call.name,
        arguments: call.arguments,
        done: true,
      });
      continue;
    }
    const own = part.extra?.[RESPONSES]?.item;
    const base = isJsonObject(own) ? own : {};
    if (part.type === "reasoning") {
      // The accumulator keeps encrypted reasoning as a part of its own; when it follows the
      // summary of the same item (a Responses source) or of the same source part, it is that
      // item's `encrypted_content`.
      const previous = items.at(-1);
      if (
        part.text === "" &&
        part.redacted !== undefined &&
        own === undefined &&
        previous?.kind === "reasoning" &&
        previous.encrypted === undefined &&
        previous.sourcePart === part.part
      ) {
        previous.encrypted = part.redacted;
        continue;
      }
      items.push({
        kind: "reasoning",
        outputIndex,
        sourcePart: part.part,
        base,
        summary: part.text === "" ? [] : [part.text],
        summaryOpen: false,
        content: [],
        contentIndex: undefined,
        encrypted: part.redacted,
        done: true,
      });
      continue;
    }
    if (part.text === "" && own === undefined) continue;
    items.push({
      kind: "message",
      outputIndex,
      sourcePart: part.part,
      base,
      content: [
        part.type === "text"
          ? { type: "output_text", text: part.text, annotations: [], logprobs: [] }
          : { type: "refusal", refusal: part.text },
      ],
      done: true,
    });
  }
  const failed = message.errors.length > 0;
  const finish: FinishReason | undefined = choice?.finish?.reason;
  const status = failed
    ? "failed"
    : finish === "length" || finish === "content_filter"
      ? "incomplete"
      : "completed";
  const first = message.errors[0];
  const error =
    first?.dialect === RESPONSES && isJsonObject(first.data) && !("type" in first.data)
      ? first.data
      : first && {
          code: first.code === "provider-error" ? "server_error" : first.code,
          message: first.message,
        };
  const metadata = {
    ...(message.id === undefined ? {} : { id: message.id }),
    ...(message.model === undefined ? {} : { model: message.model }),
    ...(message.created === undefined ? {} : { created: message.created }),
    ...(message.serviceTier === undefined ? {} : { serviceTier: message.serviceTier }),
  };
  return buildResponse(
    {
      metadata,
      fields: message.extra[RESPONSES] ?? {},
      usage: message.usage,
      finish,
      error: error ?? undefined,
    },
    items.map((item) => itemJson(item, true, status === "failed" ? "incomplete" : "completed")),
    status,
  );
}
