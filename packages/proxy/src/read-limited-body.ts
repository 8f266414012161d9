/** The request body, or why it was refused. */
export type LimitedBody =
  | { ok: true; text: string }
  | { ok: false; reason: "too-large" | "timeout" | "failed" };

/** The bounds of {@link readLimitedBody}. */
export interface BodyLimits {
  /** The largest body accepted, in bytes. */
  maxBytes: number;
  /**
   * The most time, in milliseconds, the whole body may take to arrive: a deadline, not an idle
   * timeout, so a client dripping one byte at a time is refused as surely as a silent one.
   * Default: none.
   */
  timeoutMs?: number | undefined;
}

/**
 * Reads a request body as text, refusing it as soon as it passes `maxBytes` or `timeoutMs`: a
 * declared `content-length` over the limit is refused before reading, and a chunked body is
 * cancelled the moment it goes over, so an oversized upload never sits in memory whole, and a
 * slow one holds the handler no longer than the deadline. Never rejects.
 *
 * @example
 * ```ts
 * const body = await readLimitedBody(request, { maxBytes: 1024 * 1024, timeoutMs: 30_000 });
 * if (!body.ok) return new Response(body.reason, { status: body.reason === "timeout" ? 408 : 413 });
 * ```
 */
export async function readLimitedBody(request: Request, limits: BodyLimits): Promise<LimitedBody> {
  const { maxBytes, timeoutMs } = limits;
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await request.body?.cancel().catch(() => {});
    return { ok: false, reason: "too-large" };
  }
  if (request.body === null) return { ok: true, text: "" };
  const reader = request.body.getReader();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline =
    timeoutMs === undefined
      ? undefined
      : new Promise<"timeout">((resolve) => {
          timer = setTimeout(() => resolve("timeout"), timeoutMs);
        });
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (true) {
      const result = await (deadline === undefined
        ? reader.read()
        : Promise.race([reader.read(), deadline]));
      if (result === "timeout") {
        await reader.cancel().catch(() => {});
        return { ok: false, reason: "timeout" };
      }
      if (result.done) break;
      size += result.value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        return { ok: false, reason: "too-large" };
      }
      chunks.push(result.value);
    }
  } catch {
    // The client went away mid-body, or its framing broke.
    return { ok: false, reason: "failed" };
  } finally {
    clearTimeout(timer);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, text: new TextDecoder().decode(bytes) };
}
