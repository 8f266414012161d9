import { createServer, type Server } from "node:http";
import type { Socket } from "node:net";
import type { FetchHandler } from "./create-proxy-handler.js";
import { type NodeListenerOptions, toNodeListener } from "./to-node-listener.js";

/** The options of {@link createProxyServer}: the connection limits, and the listener's. */
export interface ProxyServerOptions extends NodeListenerOptions {
  /**
   * The most connections open at once. One more is answered at once with 503
   * `too_many_connections` (and `Retry-After: 1`) and closed, before anything of it is read.
   * Default 256.
   */
  maxConnections?: number;
  /**
   * The most time, in milliseconds, a client may take to send a request's headers; past it the
   * client gets 408 `request_timeout` and the connection is closed. Also how long an idle
   * keep-alive connection is kept. Default 10 000.
   */
  headersTimeoutMs?: number;
}

const DEFAULT_MAX_CONNECTIONS = 256;
const DEFAULT_HEADERS_TIMEOUT = 10_000;
/**
 * Node checks its header and request timeouts on an interval (30 s by default), so a timeout
 * fires up to that late; checking at a quarter of the timeout keeps it within 25 %.
 */
const CHECKS_PER_TIMEOUT = 4;

/**
 * A Node `http` server serving a Fetch-API handler (through {@link toNodeListener}), with the
 * bounds a server facing untrusted clients needs: a limit on open connections, a deadline for
 * the request headers, and the listener's idle timeout on clients that stop reading. Errors
 * Node answers itself (timeouts, malformed requests) are OpenAI error JSON too. Not yet
 * listening: call `listen` as on any server.
 *
 * @example
 * ```ts
 * import { createProxyHandler, createProxyServer } from "@sse-dialects/proxy";
 *
 * const handler = createProxyHandler({ upstream, from: elumenta, apiKeyEnv: "ELUMENTA_API_KEY" });
 * createProxyServer(handler, { maxConnections: 512 }).listen(8787, "127.0.0.1");
 * ```
 */
export function createProxyServer(handler: FetchHandler, options: ProxyServerOptions = {}): Server {
  const maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  const headersTimeout = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT;
  const server = createServer(
    {
      headersTimeout,
      // The body's own deadline is the handler's (requestBodyTimeoutMs); this only stops Node's
      // default (300 s) from ending a long stream's request early.
      requestTimeout: 0,
      keepAliveTimeout: headersTimeout,
      connectionsCheckingInterval: Math.max(10, Math.floor(headersTimeout / CHECKS_PER_TIMEOUT)),
    },
    toNodeListener(handler, options),
  );
  const log = (status: number, error: string) =>
    options.onLog?.({
      method: "-",
      path: "-",
      status,
      stream: false,
      dialect: undefined,
      events: 0,
      durationMs: 0,
      end: undefined,
      error,
    });
  let open = 0;
  const refused = new WeakSet<Socket>();
  // Before Node's own listener: a connection over the limit is answered and closed before its
  // request is parsed, so it costs a socket for a moment and nothing more.
  server.prependListener("connection", (socket: Socket) => {
    if (open >= maxConnections) {
      refused.add(socket);
      log(503, `Refused a connection: ${maxConnections} are open`);
      socket.on("error", () => {});
      socket.end(
        rawResponse(
          503,
          "Service Unavailable",
          `The proxy is serving its maximum of ${maxConnections} connections; retry later`,
          "server_error",
          "too_many_connections",
          "retry-after: 1\r\n",
        ),
      );
      // What the client sent meanwhile is read and dropped: closing a socket with unread data
      // resets it, and the client could lose the answer.
      socket.resume();
      socket.once("finish", () => socket.setTimeout(headersTimeout, () => socket.destroy()));
      return;
    }
    open++;
    socket.once("close", () => open--);
  });
  // A request on a refused connection may still be parsed: it has had its answer.
  server.prependListener("request", (req) => {
    if (refused.has(req.socket)) req.socket.destroy();
  });
  server.on("clientError", (error: Error & { code?: string }, socket: Socket) => {
    // A client that reset its connection, or one already answered, has nobody to read an answer.
    if (refused.has(socket) || !socket.writable || error.code === "ECONNRESET") {
      socket.destroy();
      return;
    }
    const [status, reason, message, code] =
      error.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? [
            408,
            "Request Timeout",
            `The request headers did not arrive within ${headersTimeout} ms`,
            "request_timeout",
          ]
        : error.code === "HPE_HEADER_OVERFLOW"
          ? [
              431,
              "Request Header Fields Too Large",
              "The request headers are too large",
              "headers_too_large",
            ]
          : [400, "Bad Request", "The request is not valid HTTP/1.1", "bad_request"];
    log(status, message);
    socket.end(rawResponse(status, reason, message, "invalid_request_error", code));
  });
  return server;
}

/** A whole HTTP/1.1 response with an OpenAI error body, for a socket Node's parser has not served. */
function rawResponse(
  status: number,
  reason: string,
  message: string,
  type: string,
  code: string,
  extraHeaders = "",
): string {
  const body = JSON.stringify({ error: { message, type, code } });
  return (
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\n` +
    `content-length: ${Buffer.byteLength(body)}\r\n${extraHeaders}connection: close\r\n\r\n${body}`
  );
}
