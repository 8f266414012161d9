import { parseJson } from "@sse-dialects/core";
import type { z } from "zod";
import { chatCompletionChunkSchema, streamErrorPayloadSchema } from "./openai-wire-schema.js";

/*
 * Checks a whole SSE text against OpenAI's Chat Completions streaming wire: the framing, the
 * strict payload schemas of `openai-wire-schema.ts`, and the order `[DONE]` and a bare error
 * payload must keep (https://platform.openai.com/docs/api-reference/chat-streaming).
 */

const DONE = "[DONE]";
const DATA_PREFIX = "data: ";

/** At most this much of a payload is quoted in an error message. */
const PREVIEW_LENGTH = 160;

function preview(data: string): string {
  return data.length > PREVIEW_LENGTH ? `${data.slice(0, PREVIEW_LENGTH)}…` : data;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map(
      (issue) => `${issue.path.length === 0 ? "(root)" : issue.path.join(".")}: ${issue.message}`,
    )
    .join("; ");
}

/** The bare error form has `error` as its only key; every other payload must be a chunk. */
function isBareErrorPayload(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === "error";
}

/**
 * Every way an SSE text departs from what OpenAI's Chat Completions API streams, one string per
 * problem, each naming its event (1-based, counting comment-only events) and, for a payload
 * that fails a schema, zod's issue paths. Empty when the text is valid.
 *
 * Events are separated by blank lines (CRLF or LF). An event holds `data: ` lines (joined by
 * `\n`, as the SSE spec joins them) and `:` comment lines, nothing else: OpenAI writes no
 * `event:` or `id:` lines for chat chunks. Each payload is a chunk (strict, see
 * {@link chatCompletionChunkSchema}) or a bare `{"error": {…}}` payload. `data: [DONE]` must
 * appear exactly once, last — unless the stream ends with a bare error payload: the connection
 * closes after it, so `[DONE]` may then be missing (or follow it), but no other payload may,
 * since every OpenAI client stops reading at the error.
 *
 * @example
 * ```ts
 * openAIWireProblems('data: {"type":"mystery"}\n\n');
 * // ['event 1 ({"type":"mystery"}): not a valid chunk: id: Invalid input: …', 'the stream does not end with data: [DONE]']
 * ```
 */
export function openAIWireProblems(text: string): string[] {
  const problems: string[] = [];
  const blocks = text.replace(/\r\n?/g, "\n").split(/\n\n+/);
  let done = false;
  let failed = false;
  let number = 0;
  for (const block of blocks) {
    if (block.trim() === "") continue;
    number++;
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line.startsWith(":")) continue;
      if (line.startsWith(DATA_PREFIX)) data.push(line.slice(DATA_PREFIX.length));
      else problems.push(`event ${number}: a line OpenAI does not write: ${preview(line)}`);
    }
    if (data.length === 0) continue;
    const payload = data.join("\n");
    const where = `event ${number} (${preview(payload)})`;
    if (done) problems.push(`${where}: data after [DONE]`);
    if (payload === DONE) {
      done = true;
      continue;
    }
    if (failed) problems.push(`${where}: data after a bare error payload`);
    let value: unknown;
    try {
      value = parseJson(payload);
    } catch {
      problems.push(`${where}: not JSON`);
      continue;
    }
    const bareError = isBareErrorPayload(value);
    const result = (bareError ? streamErrorPayloadSchema : chatCompletionChunkSchema).safeParse(
      value,
    );
    if (!result.success) {
      const what = bareError ? "error payload" : "chunk";
      problems.push(`${where}: not a valid ${what}: ${describeIssues(result.error)}`);
    }
    if (bareError) failed = true;
  }
  if (!done && !failed) problems.push("the stream does not end with data: [DONE]");
  return problems;
}

/**
 * Throws an `Error` listing {@link openAIWireProblems} when there are any: each line names the
 * offending event and zod's issue paths.
 *
 * @example
 * ```ts
 * checkOpenAIWire(encodeAll(events, openai)); // throws when the encoder writes off-spec
 * ```
 */
export function checkOpenAIWire(text: string): void {
  const problems = openAIWireProblems(text);
  if (problems.length > 0) {
    throw new Error(`Not OpenAI chat-completion SSE:\n- ${problems.join("\n- ")}`);
  }
}
