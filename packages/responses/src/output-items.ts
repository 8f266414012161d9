import { assignOwn, type JsonObject, type JsonValue } from "@sse-dialects/core";

/**
 * The output items an encoder builds, as the Responses API's `response.output` holds them
 * (https://platform.openai.com/docs/api-reference/responses/object#output): what each
 * `output_item.added` announces, each `.done` repeats in full, and the terminal event lists.
 */
export type ContentPart =
  | { type: "output_text"; text: string; annotations: JsonValue[]; logprobs: JsonValue[] }
  | { type: "refusal"; refusal: string }
  | { type: "reasoning_text"; text: string };

export interface MessageItem {
  kind: "message";
  outputIndex: number;
  /** The source's part number (undefined: a wire without parts, one part per kind in a row). */
  sourcePart: number | undefined;
  base: JsonObject;
  content: ContentPart[];
  done: boolean;
}

export interface ReasoningItem {
  kind: "reasoning";
  outputIndex: number;
  sourcePart: number | undefined;
  base: JsonObject;
  summary: string[];
  /** Whether the last summary part is still open (its `.done` events not written). */
  summaryOpen: boolean;
  /** Raw reasoning text parts (`reasoning_text`), written in `content`. */
  content: ContentPart[];
  /** Deltas go to `content[contentIndex]` instead of the summary. */
  contentIndex: number | undefined;
  encrypted: string | undefined;
  done: boolean;
}

export interface FunctionCallItem {
  kind: "function_call";
  outputIndex: number;
  toolIndex: number;
  base: JsonObject;
  callId: string;
  name: string;
  arguments: string;
  done: boolean;
}

/** An item of a type the model does not name (built-in tools), kept whole. */
export interface OpaqueItem {
  kind: "opaque";
  outputIndex: number;
  sourcePart: number | undefined;
  item: JsonObject;
  done: boolean;
}

export type OutputItem = MessageItem | ReasoningItem | FunctionCallItem | OpaqueItem;

/** The item's id: its own, or one generated from its position (`msg_0`, `rs_1`, `fc_2`). */
export function itemId(item: OutputItem): string {
  if (item.kind === "opaque") return typeof item.item.id === "string" ? item.item.id : "";
  const id = item.base.id;
  if (typeof id === "string") return id;
  const prefix = item.kind === "message" ? "msg" : item.kind === "reasoning" ? "rs" : "fc";
  return `${prefix}_${item.outputIndex}`;
}

export function partJson(part: ContentPart): JsonObject {
  return { ...part } as JsonObject;
}

/** An empty content part, as `content_part.added` announces it. */
export function emptyPart(part: ContentPart): JsonObject {
  if (part.type === "output_text")
    return { type: part.type, annotations: [], logprobs: [], text: "" };
  if (part.type === "refusal") return { type: part.type, refusal: "" };
  return { type: part.type, text: "" };
}

/**
 * The item as a wire object: `full` for `.done` and the terminal output, else as
 * `output_item.added` announces it (no content yet, status `in_progress`).
 */
export function itemJson(item: OutputItem, full: boolean, status = "completed"): JsonObject {
  const id = itemId(item);
  switch (item.kind) {
    case "message": {
      const out: JsonObject = {
        id,
        type: "message",
        status: full ? status : "in_progress",
        content: full ? item.content.map(partJson) : [],
        role: "assistant",
      };
      return assignOwn(out, item.base);
    }
    case "reasoning": {
      const out: JsonObject = {
        id,
        type: "reasoning",
        summary: full ? item.summary.map((text) => ({ type: "summary_text", text })) : [],
      };
      if (full && item.content.length > 0) out.content = item.content.map(partJson);
      assignOwn(out, item.base);
      if (full && item.encrypted !== undefined) out.encrypted_content = item.encrypted;
      return out;
    }
    case "function_call":
      return assignOwn(
        {
          id,
          type: "function_call",
          status: full ? status : "in_progress",
          arguments: full ? item.arguments : "",
          call_id: item.callId,
          name: item.name,
        },
        item.base,
      );
    case "opaque":
      return item.item;
  }
}
