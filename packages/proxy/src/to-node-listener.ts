import type { IncomingMessage, ServerResponse } from "node:http";
import type { FetchHandler } from "./create-proxy-handler.js";

/**
 * A Node `http` request listener serving a Fetch-API handler. The request becomes a `Request`
 * whose body streams from the socket and whose `signal` aborts when the client goes away; the
 * `Response` body is written as it is produced, waiting for `'drain'` whenever `res.write()`
 * returns false, so a slow client slows the handler (and the upstream behind it) instead of
 * filling memory. A client that disconnects cancels the response body.
 *
 * @example
 * ```ts
 * import { createServer } from "node:http";
 *
 * createServer(toNodeListener(createProxyHandler(config))).listen(8787, "127.0.0.1");
 * ```
 */
export function toNodeListener(
  handler: FetchHandler,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void serve(handler, req, res).catch((error: unknown) => {
      // The handler threw (a bug, or misuse): answer 500 if we still can, never crash the server.
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            error: {
              message: String((error as Error)?.message ?? error),
              type: "server_error",
              code: null,
            },
          }),
        );
      } else res.destroy();
    });
  };
}

async function serve(
  handler: FetchHandler,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const controller = new AbortController();
  // `res` closes when the response is finished or the connection is gone; only the latter is an abort.
  const onClose = () => {
    if (!res.writableFinished)
      controller.abort(new DOMException("The client went away", "AbortError"));
  };
  res.once("close", onClose);
  const response = await handler(toRequest(req, controller.signal));
  if (controller.signal.aborted) {
    await response.body?.cancel(controller.signal.reason).catch(() => {});
    return;
  }
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  res.writeHead(response.status, headers);
  if (response.body === null) {
    res.end();
    return;
  }
  // Headers out now: an SSE client should see the stream open before the first event.
  res.flushHeaders();
  const reader = response.body.getReader();
  const cancel = () => {
    void reader.cancel(controller.signal.reason).catch(() => {});
  };
  controller.signal.addEventListener("abort", cancel, { once: true });
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value) && !(await drained(res))) return;
    }
    res.end();
  } catch {
    // The body failed (the handler's stream errored): end the connection so the client sees it.
    res.destroy();
  } finally {
    controller.signal.removeEventListener("abort", cancel);
  }
}

/** Waits for `'drain'`; false when the connection closed instead. */
function drained(res: ServerResponse): Promise<boolean> {
  if (res.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onDrain = () => {
      res.off("close", onClose);
      resolve(true);
    };
    const onClose = () => {
      res.off("drain", onDrain);
      resolve(false);
    };
    res.once("drain", onDrain);
    res.once("close", onClose);
  });
}

function toRequest(req: IncomingMessage, signal: AbortSignal): Request {
  const host = req.headers.host ?? "localhost";
  const url = new URL(req.url ?? "/", `http://${host}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else headers.set(name, value);
  }
  const method = req.method ?? "GET";
  const init: RequestInit & { duplex?: "half" } = { method, headers, signal };
  if (method !== "GET" && method !== "HEAD") {
    init.body = bodyOf(req);
    // Required by fetch for a streamed request body.
    init.duplex = "half";
  }
  return new Request(url, init);
}

/** The request body as a Web stream, read from the socket only as the handler pulls. */
function bodyOf(req: IncomingMessage): ReadableStream<Uint8Array> {
  const iterator = req[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await iterator.next();
        if (done) controller.close();
        else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      },
      async cancel() {
        await iterator.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}
