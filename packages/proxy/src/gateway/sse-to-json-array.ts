/** The most text of one SSE event held while waiting for its end (the encoder writes whole events). */
const MAX_PENDING = 64 * 1024 * 1024;

/**
 * Gemini's `streamGenerateContent` without `?alt=sse` answers one JSON array, streamed element
 * by element (`[{…}`, `,\r\n{…}`, …, `]`), as the REST API does. This turns the Gemini encoder's
 * SSE (`data: {…}\n\n`, one event per response chunk) into that array, one element as soon as
 * its event is complete.
 */
export function sseToJsonArray(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let pending = "";
  let first = true;
  const elements = (text: string): string => {
    // One line ending for the split: the encoder may write CRLF, as Google's servers do.
    pending += text.replaceAll("\r\n", "\n");
    let out = "";
    let end = pending.indexOf("\n\n");
    while (end !== -1) {
      const event = pending.slice(0, end);
      pending = pending.slice(end + 2);
      const data = event
        .split("\n")
        .filter((line) => line.startsWith("data:"))
        .map((line) => line.slice(line.startsWith("data: ") ? 6 : 5))
        .join("\n");
      if (data !== "") {
        out += `${first ? "[" : ",\r\n"}${data}`;
        first = false;
      }
      end = pending.indexOf("\n\n");
    }
    if (pending.length > MAX_PENDING) pending = "";
    return out;
  };
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        const out = elements(decoder.decode(chunk, { stream: true }));
        if (out !== "") controller.enqueue(encoder.encode(out));
      },
      flush(controller) {
        const out = elements(`${decoder.decode()}\n\n`);
        controller.enqueue(encoder.encode(`${out}${first ? "[" : ""}]`));
      },
    }),
  );
}
