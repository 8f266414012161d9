import { errorPayloadSchema, generateContentResponseSchema } from "./gemini-wire-schema.js";

const DATA = "data: ";

/**
 * Every way an SSE text departs from Gemini's `streamGenerateContent?alt=sse` as clients read
 * it: events separated by blank lines, each one `data: ` line (`@google/genai` keeps only events
 * that start with `data:`, and reads one line) or comment lines; no `[DONE]`; each payload a
 * strict `GenerateContentResponse` or a Google error object, nothing after a provider's error
 * (one of ours, a `google.rpc.ErrorInfo` of domain `sse-dialects`, relays an error the source
 * stream went on after, such as one malformed event); and every
 * chunk with candidates has `content` with parts and `role: "model"` on its first candidate, as
 * `chats.sendMessageStream` needs to keep the turn.
 *
 * @example
 * ```ts
 * geminiWireProblems('data: [DONE]\r\n\r\n'); // ["event 1: not JSON"]
 * ```
 */
export function geminiWireProblems(text: string): string[] {
  const problems: string[] = [];
  let number = 0;
  let failed = false;
  for (const block of text.split(/\r\n\r\n|\n\n|\r\r/)) {
    if (block.trim() === "") continue;
    number++;
    const lines = block.split(/\r\n|\n|\r/).filter((line) => !line.startsWith(":"));
    if (lines.length === 0) continue;
    if (lines.length !== 1 || !lines[0]!.startsWith(DATA)) {
      problems.push(`event ${number}: not one data line: ${block.slice(0, 120)}`);
      continue;
    }
    if (failed) problems.push(`event ${number}: data after an error`);
    let value: unknown;
    try {
      value = JSON.parse(lines[0]!.slice(DATA.length));
    } catch {
      problems.push(`event ${number}: not JSON`);
      continue;
    }
    if (typeof value === "object" && value !== null && "error" in value) {
      failed = !JSON.stringify(value).includes('"domain":"sse-dialects"');
      const result = errorPayloadSchema.safeParse(value);
      if (!result.success)
        problems.push(`event ${number}: not an error object: ${result.error.message}`);
      continue;
    }
    const result = generateContentResponseSchema.safeParse(value);
    if (!result.success) {
      problems.push(`event ${number}: not a GenerateContentResponse: ${result.error.message}`);
      continue;
    }
    const first = result.data.candidates?.[0];
    if (result.data.candidates !== undefined && first?.content === undefined)
      problems.push(`event ${number}: a candidate without content`);
  }
  return problems;
}

/** Throws an `Error` listing {@link geminiWireProblems} when there are any. */
export function checkGeminiWire(text: string): void {
  const problems = geminiWireProblems(text);
  if (problems.length > 0) throw new Error(`Not Gemini SSE:\n- ${problems.join("\n- ")}`);
}
