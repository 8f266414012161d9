import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { loadFixture } from "@sse-dialects/testkit";

/**
 * A real HTTP server on 127.0.0.1 for the client's tests: it streams fixtures event by event
 * with a pause between events, hangs, kills the socket or answers with an error status, and
 * records how each connection ended so tests can check that an abort reached the server.
 *
 * Routes (`id` names the request, for {@link TestServer.connection}):
 * - `/fixture/<dialect>/<name>`: the fixture, then the response ends.
 * - `/hang/<dialect>/<name>?events=N`: the fixture's first N events, then silence, never ending.
 * - `/destroy/<dialect>/<name>?events=N`: the first N events, then the socket is destroyed.
 * - `/status/<code>/<dialect>`: that status with the dialect's JSON error body.
 */
export interface TestServer {
  url: string;
  /** How the response of request `id` ended: `finished` is false when the client went away first. */
  connection(id: string): Promise<{ finished: boolean }>;
  close(): Promise<void>;
}

/** The error bodies each dialect's servers send, by status. */
export const ERROR_BODIES: Record<string, Record<number, unknown>> = {
  openai: {
    401: {
      error: {
        message: "Incorrect API key provided: sk-abc***",
        type: "invalid_request_error",
        code: "invalid_api_key",
        param: null,
      },
    },
    429: {
      error: {
        message: "Rate limit reached for gpt-4o",
        type: "requests",
        code: "rate_limit_exceeded",
      },
    },
    500: { error: { message: "The server had an error", type: "server_error", code: null } },
  },
  elumenta: {
    401: { error: "Invalid API key" },
    429: { error: "Too many requests, slow down" },
    500: { message: "Internal server error" },
  },
};

/** Splits wire bytes after each blank line, so each piece is one SSE event as sent. */
export function splitEvents(bytes: Uint8Array): string[] {
  return new TextDecoder().decode(bytes).split(/(?<=\r\n\r\n|\n\n|\r\r)/);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startTestServer(delayMs = 5): Promise<TestServer> {
  const connections = new Map<string, Promise<{ finished: boolean }>>();
  const sockets = new Set<import("node:net").Socket>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const id = url.searchParams.get("id") ?? String(connections.size);
    connections.set(
      id,
      once(res, "close").then(() => ({ finished: res.writableFinished })),
    );
    void handle(req, res, url).catch(() => res.destroy());
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  async function handle(_req: IncomingMessage, res: ServerResponse, url: URL) {
    const [, route, a = "", b = ""] = url.pathname.split("/");
    if (route === "status") {
      const status = Number(a);
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (status === 429) headers["retry-after"] = "2";
      res.writeHead(status, headers);
      res.end(JSON.stringify(ERROR_BODIES[b]?.[status] ?? {}));
      return;
    }
    const pieces = splitEvents(loadFixture(a, b).bytes);
    const limit = Number(url.searchParams.get("events") ?? pieces.length);
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    res.flushHeaders();
    for (const piece of pieces.slice(0, limit)) {
      if (res.destroyed) return;
      res.write(piece);
      await pause(delayMs);
    }
    if (route === "fixture") res.end();
    else if (route === "destroy") res.socket?.destroy();
    // `hang`: leave the response open; only the client can end it.
  }

  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connection(id) {
      const connection = connections.get(id);
      if (connection === undefined) throw new Error(`No request with id ${id}`);
      return connection;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, "close");
    },
  };
}
