import type { IncomingMessage, ServerResponse } from "node:http";
import type { FetchHandler, ProxyLogEntry } from "./create-proxy-handler.js";
import type { ProxyEnv } from "./read-api-key.js";

/** The options of {@link toNodeListener}. */
export interface NodeListenerOptions {
  /**
   * How long, in milliseconds, a client may read nothing of a response it is sent (the socket
   * stays full): past it the connection is dropped and the response body cancelled, which aborts
   * the upstream request behind it. Default 60 000; `0` turns it off.
   */
  idleTimeoutMs?: number;
  /**
   * The environment handed to the handler with every request, as a Worker's bindings are (key
   * variables are looked up there first). Default: none, so the handler reads `process.env`.
   */
  env?: ProxyEnv;
  /**
   * Hears the requests answered here without reaching the handler (a method fetch cannot carry,
   * like `TRACE`; a malformed `Host`), so that every request is logged. Pass the handler's
   * `onLog`. With `createProxyServer` it also hears what is refused before a request could be
   * read (a connection over the limit, headers too slow, malformed HTTP): `method` and `path`
   * are `-` then.
   */
  onLog?: (entry: ProxyLogEntry) => void;
}

const DEFAULT_IDLE_TIMEOUT = 60_000;

/** Methods the Fetch API refuses to carry (`new Request` throws): answered 405 here. */
const FORBIDDEN_METHODS: ReadonlySet<string> = new Set(["CONNECT", "TRACE", "TRACK"]);

/**
 * A Node `http` request listener serving a Fetch-API handler. The request becomes a `Request`
 * whose body streams from the socket and whose `signal` aborts when the client goes away; the
 * `Response` body is written as it is produced, waiting for `'drain'` whenever `res.write()`
 * returns false, so a slow client slows the handler (and the upstream behind it) instead of
 * filling memory — and a client that reads nothing for `idleTimeoutMs` is dropped. A client that
 * disconnects cancels the response body. A request the Fetch API cannot represent gets a 4xx
 * OpenAI error (405 for `TRACE`, 400 for a malformed `Host`), never a 500.
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
  options: NodeListenerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  const idle = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT;
  const idleTimeoutMs = idle > 0 ? idle : undefined;
  return (req, res) => {
    const env = options.env;
    void serve(
      env === undefined ? handler : (request) => handler(request, env),
      req,
      res,
      idleTimeoutMs,
      options.onLog,
    ).catch((error: unknown) => {
      // The handler threw (a bug, or misuse): answer 500 if we still can, never crash the server.
      // The message is generic: an exception's text may hold anything, secrets included.
      void error;
      if (!res.headersSent) {
        writeError(res, 500, "The proxy failed to handle the request", "server_error", null);
      } else res.destroy();
    });
  };
}

async function serve(
  handler: FetchHandler,
  req: IncomingMessage,
  res: ServerResponse,
  idleTimeoutMs: number | undefined,
  onLog: NodeListenerOptions["onLog"],
): Promise<void> {
  const method = req.method ?? "GET";
  const url = urlOf(req);
  if (url === undefined || FORBIDDEN_METHODS.has(method)) {
    const started = performance.now();
    const [status, message, code] =
      url === undefined
        ? [400, "The Host header is not a valid host", "invalid_host"]
        : [405, `Use POST, not ${method}`, "method_not_allowed"];
    // The body, if any, is not read: the connection cannot carry another request.
    writeError(res, status, message, "invalid_request_error", code, {
      connection: "close",
      ...(status === 405 ? { allow: "POST" } : {}),
    });
    onLog?.({
      method,
      path: url?.pathname ?? pathOf(req.url),
      status,
      stream: false,
      dialect: undefined,
      events: 0,
      durationMs: performance.now() - started,
      end: undefined,
      error: message,
    });
    return;
  }
  const controller = new AbortController();
  // `res` closes when the response is finished or the connection is gone; only the latter is an abort.
  const onClose = () => {
    if (!res.writableFinished)
      controller.abort(new DOMException("The client went away", "AbortError"));
  };
  res.once("close", onClose);
  const response = await handler(toRequest(req, url, method, controller.signal));
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
  // A body the handler did not read to its end (refused, timed out) is still on the wire:
  // close the connection after the answer rather than read it for the next request.
  if (!req.complete) headers.connection = "close";
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
      if (!res.write(value) && !(await drained(res, idleTimeoutMs))) {
        // The client read nothing for the idle timeout (or left): drop it, and stop the upstream.
        await reader
          .cancel(
            new DOMException(`The client read nothing for ${idleTimeoutMs} ms`, "TimeoutError"),
          )
          .catch(() => {});
        res.destroy();
        return;
      }
    }
    res.end();
  } catch {
    // The body failed (the handler's stream errored): end the connection so the client sees it.
    res.destroy();
  } finally {
    controller.signal.removeEventListener("abort", cancel);
  }
}

/** Waits for `'drain'`; false when the connection closed instead, or `ms` passed first. */
function drained(res: ServerResponse, ms: number | undefined): Promise<boolean> {
  if (res.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    const finish = (ok: boolean) => {
      clearTimeout(timer);
      res.off("drain", onDrain);
      res.off("close", onClose);
      resolve(ok);
    };
    const onDrain = () => finish(true);
    const onClose = () => finish(false);
    const timer = ms === undefined ? undefined : setTimeout(() => finish(false), ms);
    res.once("drain", onDrain);
    res.once("close", onClose);
  });
}

function writeError(
  res: ServerResponse,
  status: number,
  message: string,
  type: string,
  code: string | null,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { ...headers, "content-type": "application/json" });
  res.end(JSON.stringify({ error: { message, type, code } }));
}

/** The request's URL, or undefined when its `Host` cannot be one (RFC 9112 §3.2: answer 400). */
function urlOf(req: IncomingMessage): URL | undefined {
  try {
    const base = new URL(`http://${req.headers.host ?? "localhost"}`);
    // A Host with a path, user-info, query or fragment in it is not a host.
    if (base.pathname !== "/" || base.search !== "" || base.hash !== "" || base.username !== "") {
      return undefined;
    }
    return new URL(req.url ?? "/", base);
  } catch {
    return undefined;
  }
}

function pathOf(target: string | undefined): string {
  return (target ?? "/").split("?")[0] ?? "/";
}

function toRequest(req: IncomingMessage, url: URL, method: string, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else headers.set(name, value);
  }
  const init: RequestInit & { duplex?: "half" } = { method, headers, signal };
  if (method !== "GET" && method !== "HEAD") {
    init.body = bodyOf(req);
    // Required by fetch for a streamed request body.
    init.duplex = "half";
  }
  return new Request(url, init);
}

/**
 * The request body as a Web stream, read from the socket only as the handler pulls. Cancelling
 * it only stops reading: destroying the request would destroy the socket, and with it the
 * answer the handler is about to send (a 413, a 408); the connection is closed after that answer.
 */
function bodyOf(req: IncomingMessage): ReadableStream<Uint8Array> {
  let stop: (() => void) | undefined;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        return new Promise<void>((resolve, reject) => {
          const cleanup = () => {
            stop = undefined;
            req.off("readable", onReadable);
            req.off("end", onEnd);
            req.off("error", onError);
          };
          const onReadable = () => {
            const chunk = req.read() as Buffer | null;
            if (chunk === null) return;
            cleanup();
            controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
            resolve();
          };
          const onEnd = () => {
            cleanup();
            controller.close();
            resolve();
          };
          const onError = (error: Error) => {
            cleanup();
            reject(error);
          };
          stop = () => {
            cleanup();
            resolve();
          };
          if (req.readableEnded) return onEnd();
          req.on("readable", onReadable);
          req.once("end", onEnd);
          req.once("error", onError);
          onReadable();
        });
      },
      cancel() {
        stop?.();
      },
    },
    { highWaterMark: 0 },
  );
}
