import {
  assignOwn,
  type FinishReason,
  type JsonObject,
  type MetadataEvent,
  type UsageEvent,
} from "@sse-dialects/core";
import { encodeUsage } from "./map-responses-usage.js";

/** What a response object is built from: everything but the output items. */
export interface ResponseState {
  metadata: Omit<MetadataEvent, "type">;
  /** This dialect's own response fields (`instructions`, `tools`, `reasoning`, …). */
  fields: JsonObject;
  usage: Omit<UsageEvent, "type"> | undefined;
  finish: FinishReason | undefined;
  /** The `response.error` of a failed response. */
  error: JsonObject | undefined;
}

/** The finish reasons a `response.incomplete` names, as `incomplete_details.reason`. */
const INCOMPLETE_DETAILS: Partial<Record<FinishReason, string>> = {
  length: "max_output_tokens",
  content_filter: "content_filter",
};

/**
 * The `response` object of the lifecycle events and of `toResponse`
 * (https://platform.openai.com/docs/api-reference/responses/object): id, `created_at` (0 when
 * the source gave no time), model, status, output, usage, error and `incomplete_details`,
 * `service_tier` when known, and this dialect's own fields when the source was Responses.
 */
export function buildResponse(
  state: ResponseState,
  output: JsonObject[],
  status: "in_progress" | "completed" | "incomplete" | "failed",
): JsonObject {
  const { metadata } = state;
  const response: JsonObject = {
    id: metadata.id ?? "resp_0",
    object: "response",
    created_at: metadata.created ?? 0,
    status,
    error: status === "failed" ? (state.error ?? null) : null,
    incomplete_details:
      status === "incomplete"
        ? { reason: INCOMPLETE_DETAILS[state.finish ?? "length"] ?? "max_output_tokens" }
        : null,
    model: metadata.model ?? "",
    output,
  };
  if (metadata.serviceTier !== undefined) response.service_tier = metadata.serviceTier;
  assignOwn(response, state.fields);
  response.usage = status === "in_progress" ? null : encodeUsage(state.usage);
  return response;
}
