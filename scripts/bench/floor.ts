import { createParser } from "eventsource-parser";

/**
 * The floor every ratio is measured against (DESIGN.md): eventsource-parser plus `JSON.parse`
 * of every event's data, with streaming UTF-8 decoding, over the same pieces.
 */
export function floor(pieces: readonly Uint8Array[]): number {
  let parsed = 0;
  const parser = createParser({
    onEvent(message) {
      if (message.data === "[DONE]") return;
      JSON.parse(message.data);
      parsed++;
    },
  });
  const decoder = new TextDecoder();
  for (const piece of pieces) parser.feed(decoder.decode(piece, { stream: true }));
  parser.feed(decoder.decode());
  return parsed;
}
