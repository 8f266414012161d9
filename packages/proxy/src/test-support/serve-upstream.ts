import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { loadFixture } from "@sse-dialects/testkit";

/**
 * A real HTTP upstream on 127.0.0.1 for the proxy's tests, speaking a dialect's wire from the
 * fixtures. It records every request (path, headers, body) and how its response ended, so tests
 * can check what the proxy forwarded and that an abort reached it.
 *
 * Routes (the path's last segments):
 * - `/fixture/<dialect>/<name>` (and `/api/v2/generate`, Elumenta's endpoint, serving
 *   `elumenta/plain`): the fixture, one SSE event per write, then the end.
 * - `/hang/<events>`: the first events of `elumenta/plain`, then silence until the client leaves.
 * - `/die/<events>`: the first events, then the socket is destroyed.
 * - `/garbage`: a 200 SSE response whose body is not the dialect (binary noise, broken JSON).
 * - `/status/<code>`: that status with Elumenta's JSON error body.
 * - `/flood/<bytes>`: Elumenta deltas of 1 KiB until `bytes` were written, honouring
 *   backpressure (`write()` false → wait for `'drain'`), then the proper end.
 * - `/status-flood/<code>/<bytes>`: that status, then `bytes` of a plain-text error body, as
 *   the flood route writes (progress in `flood`).
 * - `/status-hang/<code>`: that status and the start of a JSON body, then silence.
 * - `/echo-key`: an Elumenta stream that quotes the key it was sent (`Authorization: Bearer
 *   <key>`) in a delta, in an event that is not Elumenta's (the decoder's `invalid-event`) and
 *   in its error event, as some providers' errors do.
 * - `/echo-key-status/<code>`: that status, an OpenAI error whose message, type and code quote
 *   the key, and the key as `Retry-After`.
 */
export interface Upstream {
  url: string;
  requests: UpstreamRequestRecord[];
  /** The flood route's progress: bytes written, and how often `write()` returned false. */
  flood: { written: number; blocked: number; finished: boolean };
  close(): Promise<void>;
}

export interface UpstreamRequestRecord {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
  /** Resolves when the response is over: `finished` false when the client went away first. */
  closed: Promise<{ finished: boolean }>;
}

/** Elumenta's error bodies (the shapes Elumenta documents). */
const ELUMENTA_ERRORS: Record<number, unknown> = {
  429: { error: "Too many requests, slow down" },
  500: { message: "Internal server error" },
};

/** Splits wire bytes after each blank line, so each piece is one SSE event as sent. */
export function splitEvents(bytes: Uint8Array): string[] {
  return new TextDecoder().decode(bytes).split(/(?<=\r\n\r\n|\n\n|\r\r)/);
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

export async function startUpstream(): Promise<Upstream> {
  const sockets = new Set<Socket>();
  const state: Upstream = {
    url: "",
    requests: [],
    flood: { written: 0, blocked: 0, finished: false },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, "close");
    },
  };
  const server = createServer((req, res) => {
    const closed = once(res, "close").then(() => ({ finished: res.writableFinished }));
    // An unhandled rejection would fail the run; the record's promise is awaited by tests only.
    closed.catch(() => {});
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (text: string) => {
      body += text;
    });
    req.on("end", () => {
      const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
      state.requests.push({ method: req.method ?? "", path, headers: req.headers, body, closed });
      void handle(path, req, res).catch(() => res.destroy());
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  async function handle(path: string, req: IncomingMessage, res: ServerResponse) {
    const parts = path.split("/").filter((part) => part !== "");
    const route = parts[0];
    const key = (req.headers.authorization ?? "").replace(/^Bearer /, "");
    if (route === "status-flood") {
      res.writeHead(Number(parts[1]), { "content-type": "text/plain" });
      await flood(res, Number(parts[2]), "", "e".repeat(1024), "");
      return;
    }
    if (route === "status-hang") {
      res.writeHead(Number(parts[1]), { "content-type": "application/json" });
      res.write('{"error": {"message": "Overloa');
      return; // Silence: only the client can end it.
    }
    if (route === "echo-key-status") {
      res.writeHead(Number(parts[1]), { "content-type": "application/json", "retry-after": key });
      res.end(
        JSON.stringify({
          error: { message: `Your key ${key} is not valid`, type: key, code: key },
        }),
      );
      return;
    }
    if (route === "status") {
      const status = Number(parts[1]);
      res.writeHead(status, { "content-type": "application/json", "retry-after": "7" });
      // A 401 quotes the key it was given back, as OpenAI's "Incorrect API key provided: sk-…" does.
      const body =
        status === 401
          ? { error: `Invalid API key: ${req.headers.authorization ?? "(none)"}` }
          : ELUMENTA_ERRORS[status];
      res.end(JSON.stringify(body ?? {}));
      return;
    }
    res.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      // Hop-by-hop: must not reach the proxy's client.
      "keep-alive": "timeout=77",
      "proxy-authenticate": "Basic",
    });
    res.flushHeaders();
    if (route === "garbage") {
      res.write(new Uint8Array([0xff, 0xfe, 0x00, 0x9c]));
      res.write('data: {"type":"content_delta","delta":"ok"}\n\n');
      res.write("data: {not json at all\n\n");
      res.end("\u0007\u0000 binary noise without a terminator");
      return;
    }
    if (route === "flood") {
      return flood(
        res,
        Number(parts[1]),
        'data: {"type":"generation_start","id":"gen_flood","model":"m"}\n\n',
        `data: {"type":"content_delta","delta":"${"x".repeat(1024)}"}\n\n`,
        'data: {"type":"generation_end","id":"gen_flood","tokens_used":1,"balance_remaining":1}\n\ndata: [DONE]\n\n',
      );
    }
    if (route === "echo-key") {
      for (const event of [
        { type: "generation_start", id: "gen_echo", model: "m" },
        { type: "content_delta", delta: `echo ${key}` },
        { note: `not an Elumenta event, carrying ${key}` },
        { type: "error", message: `Your key ${key} is not valid` },
      ]) {
        res.write(`data: ${JSON.stringify(event)}\n\n`);
        await tick();
      }
      res.end("data: [DONE]\n\n");
      return;
    }
    const pieces =
      route === "fixture"
        ? splitEvents(loadFixture(parts[1] ?? "", parts[2] ?? "").bytes)
        : splitEvents(loadFixture("elumenta", "plain").bytes);
    const limit = route === "hang" || route === "die" ? Number(parts[1]) : pieces.length;
    for (const piece of pieces.slice(0, limit)) {
      if (res.destroyed) return;
      res.write(piece);
      await tick();
    }
    if (route === "hang") return; // Silence: only the client can end it.
    if (route === "die") res.socket?.destroy();
    else res.end();
  }

  async function flood(
    res: ServerResponse,
    bytes: number,
    first: string,
    piece: string,
    last: string,
  ) {
    res.write(first);
    while (state.flood.written < bytes) {
      if (res.destroyed) return;
      state.flood.written += piece.length;
      if (!res.write(piece)) {
        state.flood.blocked++;
        const drained = await new Promise<boolean>((resolve) => {
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
        if (!drained) return;
      }
    }
    res.end(last);
    state.flood.finished = true;
  }

  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
