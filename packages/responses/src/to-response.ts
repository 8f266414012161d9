import {
  type AccumulatedMessage,
  assignOwn,
  type FinishReason,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  setOwn,
  toolCallIdOf,
} from "@sse-dialects/core";
import { buildResponse } from "./build-response.js";
import { type ContentPart, itemJson, type MessageItem, type OutputItem } from "./output-items.js";
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
  /** A Responses source's content parts of a message (`{content_parts}`), by item. */
  const layouts = new Map<MessageItem, JsonValue[]>();
  for (const part of choice?.parts ?? []) {
    const outputIndex = items.length;
    if (part.type === "tool-call") {
      const call = choice!.toolCalls.find((c) => c.index === part.index)!;
      items.push({
        kind: "function_call",
        outputIndex,
        toolIndex: call.index,
        base: baseOf(call.extra?.[RESPONSES]),
        callId: toolCallIdOf({ choice: 0, index: call.index, id: call.id }),
        name: call.name,
        arguments: call.arguments,
        done: true,
      });
      continue;
    }
    const own = part.extra?.[RESPONSES]?.item;
    const base = baseOf(part.extra?.[RESPONSES]);
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
    const layout = part.extra?.[RESPONSES]?.content_parts;
    if (part.text === "" && own === undefined && layout === undefined) continue;
    const content: ContentPart =
      part.type === "text"
        ? { type: "output_text", text: part.text, annotations: [], logprobs: [] }
        : { type: "refusal", refusal: part.text };
    // Text and refusal of one source part (a Responses message) are parts of one message.
    const previous = items.at(-1);
    let item: MessageItem;
    if (
      part.part !== undefined &&
      previous?.kind === "message" &&
      previous.sourcePart === part.part
    ) {
      item = previous;
      item.content.push(content);
      item.base = assignOwn(item.base, base);
    } else {
      item = {
        kind: "message",
        outputIndex,
        sourcePart: part.part,
        base,
        content: [content],
        done: true,
      };
      items.push(item);
    }
    if (Array.isArray(layout)) layouts.set(item, layout);
  }
  for (const [item, layout] of layouts) item.content = splitByLayout(item.content, layout);
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

type TextType = "output_text" | "refusal";

/**
 * A message's content as the source's parts were (`{content_parts}`: each part's own fields and
 * text length): the accumulated text and refusal cut at those lengths, in that order, each part
 * with its annotations. What the layout does not account for (a stream whose `.done` said less
 * than its deltas) stays on the last part of its kind. A layout this function cannot read leaves
 * the content as accumulated.
 */
function splitByLayout(content: ContentPart[], layout: JsonValue[]): ContentPart[] {
  const left: Record<TextType, string> = { output_text: "", refusal: "" };
  for (const part of content) {
    if (part.type === "output_text") left.output_text += part.text;
    else if (part.type === "refusal") left.refusal += part.refusal;
  }
  const out: ContentPart[] = [];
  for (const entry of layout) {
    if (!isJsonObject(entry) || (entry.type !== "output_text" && entry.type !== "refusal")) {
      return content;
    }
    const type: TextType = entry.type;
    const length = typeof entry.text_length === "number" ? entry.text_length : 0;
    const text = left[type].slice(0, length);
    left[type] = left[type].slice(text.length);
    const own: JsonObject = {};
    for (const key of Object.keys(entry)) {
      if (key !== "type" && key !== "annotations" && key !== "text_length") {
        setOwn(own, key, entry[key]!);
      }
    }
    const part: ContentPart =
      type === "output_text"
        ? {
            type,
            text,
            annotations: Array.isArray(entry.annotations) ? entry.annotations : [],
            logprobs: [],
          }
        : { type, refusal: text };
    out.push(assignOwn(part as JsonObject, own) as ContentPart);
  }
  for (const type of ["output_text", "refusal"] as const) {
    if (left[type] === "") continue;
    const last = out.findLast((p) => p.type === type);
    if (last?.type === "output_text") last.text += left[type];
    else if (last?.type === "refusal") last.refusal += left[type];
    else {
      out.push(
        type === "output_text"
          ? { type, text: left[type], annotations: [], logprobs: [] }
          : { type, refusal: left[type] },
      );
    }
  }
  return out;
}

/**
 * An item's own fields from this dialect's part or call state: as it was announced (`{item}`)
 * with what its `output_item.done` added (`{item_fields}`), in a new object.
 */
function baseOf(own: JsonObject | undefined): JsonObject {
  const base: JsonObject = {};
  if (isJsonObject(own?.item)) assignOwn(base, own.item);
  if (isJsonObject(own?.item_fields)) assignOwn(base, own.item_fields);
  return base;
}
