const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A `ReadableStream` of `text`'s UTF-8 bytes cut every `size` bytes (so through multi-byte
 * characters), as a network would deliver it.
 */
export function bytesIn(text: string, size: number): ReadableStream<Uint8Array> {
  const bytes = encoder.encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.byteLength) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
}

/** Everything an async source yields, as one string. */
export async function textOf(source: AsyncIterable<Uint8Array | string>): Promise<string> {
  let text = "";
  for await (const piece of source) {
    text += typeof piece === "string" ? piece : decoder.decode(piece, { stream: true });
  }
  return text + decoder.decode();
}

/** Everything an async source yields, in an array. */
export async function arrayOf<T>(source: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of source) items.push(item);
  return items;
}
