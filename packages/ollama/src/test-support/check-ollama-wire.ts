import { z } from "zod";

/*
 * Ollama's streamed `/api/chat` lines as the API reference documents them
 * (https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-chat-completion) and the
 * `ollama` client's `ChatResponse` types them: strict.
 */
const count = z.number().int().nonnegative();

export const chatLineSchema = z.strictObject({
  model: z.string(),
  created_at: z.iso.datetime(),
  message: z.strictObject({
    role: z.literal("assistant"),
    content: z.string(),
    thinking: z.string().optional(),
    tool_calls: z
      .array(
        z.strictObject({
          id: z.string().optional(),
          function: z.strictObject({
            name: z.string(),
            arguments: z.record(z.string(), z.json()).optional(),
          }),
        }),
      )
      .optional(),
  }),
  done: z.boolean(),
  done_reason: z.enum(["stop", "length", "load", "unload"]).optional(),
  total_duration: count.optional(),
  load_duration: count.optional(),
  prompt_eval_count: count.optional(),
  prompt_eval_duration: count.optional(),
  eval_count: count.optional(),
  eval_duration: count.optional(),
});

export const errorLineSchema = z.strictObject({
  error: z.string(),
  // Our own error codes ride beside the message (clients read only `error`).
  code: z.string().optional(),
  data: z.json().optional(),
});

/**
 * Throws unless `text` is Ollama chat NDJSON: one JSON object per `\n`-terminated line, each a
 * strict chat line or an error line; exactly one `done: true` line, last, unless the stream
 * ends with an error line (nothing follows one).
 */
export function checkOllamaWire(text: string): void {
  const problems: string[] = [];
  if (text !== "" && !text.endsWith("\n")) problems.push("the last line has no newline");
  const lines = text.split("\n").slice(0, -1);
  let done = false;
  let failed = false;
  lines.forEach((line, i) => {
    const where = `line ${i + 1}`;
    if (done || failed) problems.push(`${where}: after the done line or an error`);
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      problems.push(`${where}: not JSON`);
      return;
    }
    if (typeof value === "object" && value !== null && "error" in value) {
      failed = !("code" in value);
      const result = errorLineSchema.safeParse(value);
      if (!result.success) problems.push(`${where}: ${result.error.message}`);
      return;
    }
    const result = chatLineSchema.safeParse(value);
    if (!result.success) problems.push(`${where}: ${result.error.message}`);
    else if (result.data.done) done = true;
  });
  if (problems.length > 0) throw new Error(`Not Ollama chat NDJSON:\n- ${problems.join("\n- ")}`);
}
