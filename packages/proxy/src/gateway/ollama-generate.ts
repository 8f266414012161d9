import { isJsonObject, type JsonObject, setOwn } from "@sse-dialects/core";

/**
 * One `/api/chat` answer object as `/api/generate` writes it: `message.content` → `response`,
 * `message.thinking` → `thinking`; the rest (model, created_at, done, done_reason, counts, error)
 * unchanged. Tool calls have no place in `/api/generate` and stay under `message`.
 */
export function toGenerateLine(chat: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(chat)) {
    if (key !== "message") setOwn(out, key, value);
  }
  const message = chat.message;
  if (isJsonObject(message)) {
    out.response = typeof message.content === "string" ? message.content : "";
    if (typeof message.thinking === "string") out.thinking = message.thinking;
    if (Array.isArray(message.tool_calls))
      out.message = { role: "assistant", content: "", tool_calls: message.tool_calls };
  } else if (!("error" in chat)) out.response = "";
  return out;
}

/** The most text of one NDJSON line held while waiting for its end. */
const MAX_PENDING = 64 * 1024 * 1024;

/** An `/api/chat` NDJSON stream rewritten line by line as `/api/generate`'s. */
export function toGenerateStream(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let pending = "";
  const lines = (text: string): string => {
    pending += text;
    let out = "";
    let end = pending.indexOf("\n");
    while (end !== -1) {
      const line = pending.slice(0, end);
      pending = pending.slice(end + 1);
      if (line.trim() !== "") {
        try {
          const value = JSON.parse(line) as unknown;
          out += `${JSON.stringify(isJsonObject(value as never) ? toGenerateLine(value as JsonObject) : value)}\n`;
        } catch {
          out += `${line}\n`;
        }
      }
      end = pending.indexOf("\n");
    }
    if (pending.length > MAX_PENDING) pending = "";
    return out;
  };
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        const out = lines(decoder.decode(chunk, { stream: true }));
        if (out !== "") controller.enqueue(encoder.encode(out));
      },
      flush(controller) {
        const out = lines(`${decoder.decode()}\n`);
        if (out !== "") controller.enqueue(encoder.encode(out));
      },
    }),
  );
}
