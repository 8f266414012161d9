import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { JsonObject } from "@sse-dialects/core";

/** What an HTTP client sent: method, path with query, headers and the JSON body. */
export interface CapturedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: JsonObject;
}

/**
 * Runs `send` against a real `node:http` server on 127.0.0.1 and returns the first request it
 * received. The server answers 400 with a JSON error (no SDK retries a 400), so `send` is
 * expected to fail after sending; its failure is swallowed. Used to read what an official SDK
 * really puts on the wire.
 *
 * @example
 * ```ts
 * const sent = await captureRequest((root) => new OpenAI({ baseURL: root, apiKey: "k" }).chat.completions.create(params));
 * sent.body.messages;
 * ```
 */
export async function captureRequest(
  send: (root: string) => Promise<unknown>,
): Promise<CapturedRequest> {
  let captured: CapturedRequest | undefined;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      captured ??= {
        method: request.method ?? "",
        path: request.url ?? "",
        headers: request.headers,
        body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as JsonObject,
      };
      response.writeHead(400, { "content-type": "application/json" }).end(
        JSON.stringify({
          error: { type: "invalid_request_error", code: 400, message: "captured" },
        }),
      );
    });
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  try {
    const root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await send(root).catch(() => undefined);
  } finally {
    await new Promise((done) => server.close(done));
  }
  if (captured === undefined) throw new Error("the client sent no request");
  return captured;
}
