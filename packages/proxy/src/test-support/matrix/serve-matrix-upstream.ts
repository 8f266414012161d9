import { once } from "node:events";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** The upstream dialects of the matrix, each served under `/<dialect>/…`. */
export const UPSTREAM_DIALECTS = ["openai", "anthropic", "responses", "gemini", "ollama"] as const;
export type UpstreamDialect = (typeof UPSTREAM_DIALECTS)[number];

/**
 * What the upstream does, from the model it is asked for (`<dialect>.<scenario>.<case>`):
 * answer the fixture, fail with a status (its own dialect's error body; 429 with
 * `Retry-After: 7`), fail mid-stream with its dialect's error event, be cut off (the socket
 * destroyed after half the fixture), hang after half the fixture until the client leaves, or
 * stay silent without even the headers. Anthropic's `…/count_tokens` answers `{"input_tokens": 42}`,
 * Gemini's `…:countTokens` `{"totalTokens": 43}`.
 */
export type Scenario = "ok" | "401" | "429" | "500" | "midstream" | "cutoff" | "hang" | "silent";

export interface RecordedRequest {
  dialect: UpstreamDialect;
  path: string;
  headers: IncomingMessage["headers"];
  body: Record<string, unknown>;
  /** Resolves when the response is over: `finished` false when the other side went away first. */
  closed: Promise<{ finished: boolean }>;
}

export interface MatrixUpstream {
  url: string;
  /** The requests by the model's case id (its last dot-separated part). */
  requests: Map<string, RecordedRequest>;
  close(): Promise<void>;
}

const FIXTURE_FILES: Record<UpstreamDialect, string> = {
  openai: "openai.sse",
  anthropic: "anthropic.sse",
  responses: "responses.sse",
  gemini: "gemini.sse",
  ollama: "ollama.ndjson",
};

/** The fixture's wire messages, each as sent (an SSE event with its blank line, an NDJSON line). */
function fixtureMessages(dialect: UpstreamDialect): string[] {
  const text = readFileSync(new URL(FIXTURE_FILES[dialect], import.meta.url), "utf8");
  const parts = dialect === "ollama" ? text.split(/(?<=\n)/) : text.split(/(?<=\r\n\r\n|\n\n)/);
  return parts.filter((part) => part.trim() !== "");
}

const CONTENT_TYPES: Record<UpstreamDialect, string> = {
  openai: "text/event-stream",
  anthropic: "text/event-stream",
  responses: "text/event-stream",
  gemini: "text/event-stream",
  ollama: "application/x-ndjson",
};

/** Each dialect's error body for a status, as its API documents it. */
function errorBody(dialect: UpstreamDialect, status: number): unknown {
  const message = `upstream says ${status}`;
  switch (dialect) {
    case "openai":
    case "responses":
      return {
        error: {
          message,
          type:
            status === 401
              ? "invalid_request_error"
              : status === 429
                ? "rate_limit_error"
                : "server_error",
          code: status === 401 ? "invalid_api_key" : null,
        },
      };
    case "anthropic":
      return {
        type: "error",
        error: {
          type:
            status === 401
              ? "authentication_error"
              : status === 429
                ? "rate_limit_error"
                : "api_error",
          message,
        },
      };
    case "gemini":
      return {
        error: {
          code: status,
          message,
          status:
            status === 401 ? "UNAUTHENTICATED" : status === 429 ? "RESOURCE_EXHAUSTED" : "INTERNAL",
        },
      };
    case "ollama":
      return { error: message };
  }
}

/** Each dialect's mid-stream error, as its stream carries one. */
function midStreamError(dialect: UpstreamDialect, sequence: number): string {
  switch (dialect) {
    case "openai":
      return `data: ${JSON.stringify({ error: { message: "The upstream is overloaded", type: "server_error", code: "overloaded" } })}\n\n`;
    case "anthropic":
      return `event: error\ndata: ${JSON.stringify({ type: "error", error: { type: "overloaded_error", message: "The upstream is overloaded" } })}\n\n`;
    case "responses":
      return `event: error\ndata: ${JSON.stringify({ type: "error", sequence_number: sequence, code: "server_error", message: "The upstream is overloaded", param: null })}\n\n`;
    case "gemini":
      return `data: ${JSON.stringify({ error: { code: 503, message: "The upstream is overloaded", status: "UNAVAILABLE" } })}\r\n\r\n`;
    case "ollama":
      return `${JSON.stringify({ error: "The upstream is overloaded" })}\n`;
  }
}

/** The model an upstream request names: in the body, or in Gemini's path. */
function modelOf(dialect: UpstreamDialect, path: string, body: Record<string, unknown>): string {
  if (dialect === "gemini") {
    const match = /\/models\/([^/:]+):/.exec(path);
    return decodeURIComponent(match?.[1] ?? "");
  }
  return typeof body.model === "string" ? body.model : "";
}

export async function startMatrixUpstream(): Promise<MatrixUpstream> {
  const sockets = new Set<Socket>();
  const requests = new Map<string, RecordedRequest>();
  const fixtures = Object.fromEntries(
    (UPSTREAM_DIALECTS as readonly UpstreamDialect[]).map((dialect) => [
      dialect,
      fixtureMessages(dialect),
    ]),
  ) as Record<UpstreamDialect, string[]>;
  const server = createServer(async (req, res) => {
    const closed = once(res, "close").then(() => ({ finished: res.writableFinished }));
    closed.catch(() => {});
    let text = "";
    req.setEncoding("utf8");
    for await (const piece of req) text += piece as string;
    const path = req.url ?? "/";
    const dialect = path.split("/")[1] as UpstreamDialect;
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {}
    const [, scenario = "ok", caseId = ""] = modelOf(dialect, path, body).split(".");
    requests.set(caseId, { dialect, path, headers: req.headers, body, closed });
    if (!UPSTREAM_DIALECTS.includes(dialect)) {
      res.writeHead(404).end();
      return;
    }
    if (scenario === "silent") return;
    if (dialect === "anthropic" && path.endsWith("/count_tokens")) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ input_tokens: 42 }));
      return;
    }
    if (dialect === "gemini" && path.endsWith(":countTokens")) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ totalTokens: 43 }));
      return;
    }
    if (scenario === "401" || scenario === "429" || scenario === "500") {
      const status = Number(scenario);
      res.writeHead(status, {
        "content-type": "application/json",
        ...(status === 429 ? { "retry-after": "7" } : {}),
      });
      res.end(JSON.stringify(errorBody(dialect, status)));
      return;
    }
    res.writeHead(200, { "content-type": CONTENT_TYPES[dialect] });
    const messages = fixtures[dialect];
    const half = Math.ceil(messages.length / 2);
    const sent = scenario === "ok" ? messages : messages.slice(0, half);
    for (const message of sent) res.write(message);
    if (scenario === "ok") res.end();
    else if (scenario === "midstream") res.end(midStreamError(dialect, half));
    else if (scenario === "cutoff") {
      // Let the bytes go out first, then drop the connection mid-stream.
      res.once("finish", () => {});
      setImmediate(() => res.socket?.destroy());
    }
    // "hang": nothing more, until the client goes away.
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, "close");
    },
  };
}
