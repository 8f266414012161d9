import type { ErrorCode, FinishReason } from "@sse-dialects/core";

/*
 * Facts of Gemini's `streamGenerateContent` wire
 * (https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent), as
 * `@google/genai`'s `GenerateContentResponse`, `Candidate`, `Part` and `FinishReason` types
 * name them.
 */

/** The dialect name, and the provenance tag of the data only Gemini's wire carries. */
export const GEMINI = "gemini";

/** Gemini's role for the model's turn; the model's `assistant`. */
export const MODEL_ROLE = "model";

/** Top-level fields of a `GenerateContentResponse` that the model names. */
export const RESPONSE_FIELDS: ReadonlySet<string> = new Set([
  "candidates",
  "usageMetadata",
  "modelVersion",
  "responseId",
]);

/** Fields of a `Candidate` that the model names. */
export const CANDIDATE_FIELDS: ReadonlySet<string> = new Set(["content", "finishReason", "index"]);

/** Fields of a `Part` that the model names (everything else is the part's own state). */
export const PART_FIELDS: ReadonlySet<string> = new Set(["text", "thought", "functionCall"]);

/** Content-filter finish reasons (`FinishReason` in `@google/genai`). */
const FILTERED: ReadonlySet<string> = new Set([
  "SAFETY",
  "RECITATION",
  "BLOCKLIST",
  "PROHIBITED_CONTENT",
  "SPII",
  "IMAGE_SAFETY",
  "IMAGE_PROHIBITED_CONTENT",
  "IMAGE_RECITATION",
]);

/**
 * A Gemini `finishReason` as a unified reason. `STOP` ends a turn that called functions as
 * well (Gemini has no tool-call reason), so it is `tool_calls` when the candidate had calls.
 * `MALFORMED_FUNCTION_CALL`, `UNEXPECTED_TOOL_CALL`, `TOO_MANY_TOOL_CALLS`, `LANGUAGE`,
 * `NO_IMAGE`, `IMAGE_OTHER`, `OTHER`, `FINISH_REASON_UNSPECIFIED` and values not yet known are
 * `other`; the raw value is kept beside it.
 */
export function mapGeminiFinishReason(raw: string, hadCalls: boolean): FinishReason {
  if (raw === "STOP") return hadCalls ? "tool_calls" : "stop";
  if (raw === "MAX_TOKENS") return "length";
  if (FILTERED.has(raw)) return "content_filter";
  return "other";
}

/** Gemini's value for a unified reason that came from another wire. */
export const GEMINI_FINISH_REASON: Record<FinishReason, string> = {
  stop: "STOP",
  tool_calls: "STOP",
  length: "MAX_TOKENS",
  content_filter: "SAFETY",
  other: "OTHER",
  // Gemini has no error finish: the error object that ends such a stream says it.
  error: "OTHER",
};

/** Gemini's finish reasons are upper snake case; other wires' (`stop`, `end_turn`) are not. */
export const GEMINI_ENUM = /^[A-Z][A-Z_]*$/;

/**
 * Our own error codes travel in a Google error's `details` as a `google.rpc.ErrorInfo`
 * (https://cloud.google.com/apis/design/errors#error_info) of this domain, so a stream we end
 * with a cut-off decodes back to a cut-off, and every Gemini client still sees a Google error.
 */
export const ERROR_INFO_TYPE = "type.googleapis.com/google.rpc.ErrorInfo";
export const ERROR_DOMAIN = "sse-dialects";

/** The HTTP code and canonical status (https://cloud.google.com/apis/design/errors) we write for our codes. */
export function statusOfCode(code: ErrorCode): { code: number; status: string } {
  switch (code) {
    case "timeout":
      return { code: 504, status: "DEADLINE_EXCEEDED" };
    case "aborted":
      return { code: 499, status: "CANCELLED" };
    case "unknown-dialect":
    case "invalid-utf8":
    case "invalid-json":
    case "invalid-event":
    case "event-too-large":
    case "cut-off":
    case "provider-error":
    case "http-error":
    case "network-error":
      return { code: 500, status: "INTERNAL" };
    default: {
      const unhandled: never = code;
      throw new Error(`Unhandled error code ${String(unhandled)}`);
    }
  }
}
