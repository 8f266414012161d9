/** What {@link readBoundedText} read, and why it stopped. */
export interface BoundedText {
  /** The body's first bytes, decoded as UTF-8 (a character cut by the limit becomes U+FFFD). */
  text: string;
  /** `end`: the whole body; `limit`: `maxBytes` were read; `timeout`: the body went silent; `failed`: it broke. */
  stopped: "end" | "limit" | "timeout" | "failed";
}

/** The bounds of {@link readBoundedText}. */
export interface ReadBounds {
  /** The most bytes kept; the body is cancelled once they are read. */
  maxBytes: number;
  /** Silence, in milliseconds, after which the body is cancelled. Default: none. */
  idleTimeoutMs?: number | undefined;
}

/**
 * Reads at most `maxBytes` of a body, giving up on it after `idleTimeoutMs` of silence, and
 * cancels the rest (which aborts the request of a fetch response): an upstream's error body can
 * be as large and as slow as it likes, the proxy keeps one bounded prefix and waits one bounded
 * time. Never rejects.
 *
 * @example
 * ```ts
 * const { text } = await readBoundedText(upstream.body, { maxBytes: 64 * 1024, idleTimeoutMs: 60_000 });
 * ```
 */
export async function readBoundedText(
  body: ReadableStream<Uint8Array> | null,
  bounds: ReadBounds,
): Promise<BoundedText> {
  if (body === null) return { text: "", stopped: "end" };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let stopped: BoundedText["stopped"] = "end";
  try {
    while (size < bounds.maxBytes) {
      const result = await readWithin(reader, bounds.idleTimeoutMs);
      if (result === "timeout") {
        stopped = "timeout";
        break;
      }
      if (result.done) break;
      const room = bounds.maxBytes - size;
      const piece = result.value.byteLength > room ? result.value.subarray(0, room) : result.value;
      chunks.push(piece);
      size += piece.byteLength;
      if (size >= bounds.maxBytes) stopped = "limit";
    }
  } catch {
    stopped = "failed";
  }
  if (stopped !== "end") await reader.cancel().catch(() => {});
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { text: new TextDecoder().decode(bytes), stopped };
}

function readWithin(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  ms: number | undefined,
): Promise<ReadableStreamReadResult<Uint8Array> | "timeout"> {
  if (ms === undefined) return reader.read();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), ms);
  });
  return Promise.race([reader.read(), timeout]).finally(() => clearTimeout(timer));
}
