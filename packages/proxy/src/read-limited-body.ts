/** The request body, or why it was refused. */
export type LimitedBody = { ok: true; text: string } | { ok: false; reason: "too-large" };

/**
 * Reads a request body as text, refusing it as soon as it passes `maxBytes`: a declared
 * `content-length` over the limit is refused before reading, and a chunked body is cancelled the
 * moment it goes over, so an oversized upload never sits in memory whole.
 *
 * @example
 * ```ts
 * const body = await readLimitedBody(request, 1024 * 1024);
 * if (!body.ok) return new Response("Too large", { status: 413 });
 * ```
 */
export async function readLimitedBody(request: Request, maxBytes: number): Promise<LimitedBody> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await request.body?.cancel().catch(() => {});
    return { ok: false, reason: "too-large" };
  }
  if (request.body === null) return { ok: true, text: "" };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (true) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return { ok: false, reason: "too-large" };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, text: new TextDecoder().decode(bytes) };
}
