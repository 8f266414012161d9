import { once } from "node:events";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, it } from "vitest";
import {
  collectable,
  MATRIX_ROUTES,
  translatable,
  upstreamsAt,
} from "../test-support/matrix/matrix-gateway.js";
import {
  type MatrixUpstream,
  startMatrixUpstream,
} from "../test-support/matrix/serve-matrix-upstream.js";
import { type ServedHandler, serveHandler } from "../test-support/serve-handler.js";
import { createGatewayHandler } from "./create-gateway-handler.js";
import type { GatewayLogEntry } from "./gateway-options.js";

/*
 * Every limit of the proxy's "Hostile input" table, on every route the gateway serves, over
 * real loopback HTTP: what the client receives is its own API's error body with the status.
 */

/** One route per front: its path for a model, a minimal valid body, and its dialect. */
interface Route {
  front: string;
  dialect: string;
  path: (model: string, stream?: boolean) => string;
  body: (model: string, stream: boolean) => Record<string, unknown>;
}
const ROUTES: Route[] = [
  {
    front: "openai-chat",
    dialect: "openai",
    path: () => "/v1/chat/completions",
    body: (model: string, stream: boolean) => ({
      model,
      stream,
      messages: [{ role: "user", content: "hi" }],
    }),
  },
  {
    front: "anthropic-messages",
    dialect: "anthropic",
    path: () => "/v1/messages",
    body: (model: string, stream: boolean) => ({
      model,
      stream,
      max_tokens: 16,
      messages: [{ role: "user", content: "hi" }],
    }),
  },
  {
    front: "responses",
    dialect: "responses",
    path: () => "/v1/responses",
    body: (model: string, stream: boolean) => ({ model, stream, input: "hi" }),
  },
  {
    front: "gemini",
    dialect: "gemini",
    path: (model: string, stream = true) =>
      `/v1beta/models/${model}:${stream ? "streamGenerateContent?alt=sse" : "generateContent"}`,
    body: () => ({ contents: [{ role: "user", parts: [{ text: "hi" }] }] }),
  },
  {
    front: "ollama-chat",
    dialect: "ollama",
    path: () => "/api/chat",
    body: (model: string, stream: boolean) => ({
      model,
      stream,
      messages: [{ role: "user", content: "hi" }],
    }),
  },
  {
    front: "ollama-generate",
    dialect: "ollama",
    path: () => "/api/generate",
    body: (model: string, stream: boolean) => ({ model, stream, prompt: "hi" }),
  },
];

// biome-ignore lint/suspicious/noExplicitAny: error bodies of five APIs, read field by field.
type Json = Record<string, any>;

/** The error each API writes, read from its own body shape: [message, status-ish marker]. */
function errorOf(dialect: string, body: Json): string | undefined {
  switch (dialect) {
    case "openai":
    case "responses":
      return typeof body.error?.message === "string" && typeof body.error?.type === "string"
        ? body.error.message
        : undefined;
    case "anthropic":
      return body.type === "error" && typeof body.error?.type === "string"
        ? body.error.message
        : undefined;
    case "gemini":
      return typeof body.error?.code === "number" && typeof body.error?.status === "string"
        ? body.error.message
        : undefined;
    case "ollama":
      return typeof body.error === "string" ? body.error : undefined;
  }
  return undefined;
}

let upstream: MatrixUpstream;
let gateway: ServedHandler;
const logs: GatewayLogEntry[] = [];
let nextCase = 0;
const MAX_BODY = 2048;
beforeAll(async () => {
  upstream = await startMatrixUpstream();
  gateway = await serveHandler(
    createGatewayHandler({
      upstreams: upstreamsAt(upstream.url),
      routes: MATRIX_ROUTES,
      maxBodyBytes: MAX_BODY,
      requestBodyTimeoutMs: 200,
      idleTimeoutMs: 300,
      maxCollectedBytes: 200,
      onLog: (entry) => logs.push(entry),
    }),
    { idleTimeoutMs: 0 },
  );
});
afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
});

function model(scenario: string) {
  const id = `l${nextCase++}`;
  return { model: `openai.${scenario}.${id}`, id };
}

async function post(path: string, body: string) {
  const response = await fetch(`${gateway.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
  const text = await response.text();
  let json: Json = {};
  try {
    json = JSON.parse(text) as Json;
  } catch {}
  return { status: response.status, headers: response.headers, text, json };
}

describe.concurrent.each(ROUTES)("$front route", (route) => {
  it("answers a body over maxBodyBytes with 413 in its own error shape, without calling the upstream", async ({
    expect,
  }) => {
    const { model: name, id } = model("ok");
    const big = JSON.stringify({ ...route.body(name, true), padding: "x".repeat(MAX_BODY) });
    const answer = await post(route.path(name), big);
    expect(answer.status).toBe(413);
    expect(errorOf(route.dialect, answer.json)).toContain(`larger than ${MAX_BODY} bytes`);
    expect(upstream.requests.has(id)).toBe(false);
  });

  it("answers a body that is not JSON, or nests too deep, with 400 in its own error shape", async ({
    expect,
  }) => {
    const { model: name } = model("ok");
    const broken = await post(route.path(name), "{");
    expect(broken.status).toBe(400);
    expect(errorOf(route.dialect, broken.json)).toBe("The body is not valid JSON");
    const deep = await post(route.path(name), `${"[".repeat(300)}${"]".repeat(300)}`);
    expect(deep.status).toBe(400);
    expect(errorOf(route.dialect, deep.json)).toContain("nests deeper than");
  });

  it("answers a model no route serves with 404, and GET with 405", async ({ expect }) => {
    const unknown = await post(
      route.path("nobody.ok.x"),
      JSON.stringify(route.body("nobody.ok.x", true)),
    );
    expect(unknown.status).toBe(404);
    expect(errorOf(route.dialect, unknown.json)).toBe("No upstream serves the model nobody.ok.x");
    const get = await fetch(`${gateway.url}${route.path("openai.ok.x")}`);
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    expect(errorOf(route.dialect, (await get.json()) as Json)).toBe("Use POST, not GET");
  });

  it("answers a body slower than requestBodyTimeoutMs with 408, and closes the connection", async ({
    expect,
  }) => {
    const socket = connect(gateway.port, "127.0.0.1");
    await once(socket, "connect");
    let received = "";
    socket.setEncoding("utf8").on("data", (text: string) => {
      received += text;
    });
    socket.write(
      `POST ${route.path("openai.ok.x")} HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{`,
    );
    await once(socket, "close");
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(received).toContain("did not arrive within 200 ms");
  });

  it.skipIf(!translatable(route.dialect, "openai"))(
    "passes an upstream 429 on with its Retry-After, in its own error shape",
    async ({ expect }) => {
      const { model: name } = model("429");
      const answer = await post(route.path(name), JSON.stringify(route.body(name, true)));
      expect(answer.status).toBe(429);
      expect(answer.headers.get("retry-after")).toBe("7");
      expect(errorOf(route.dialect, answer.json)).toBe("upstream says 429");
    },
  );

  it.skipIf(!translatable(route.dialect, "openai"))(
    "answers upstream silence before the headers with 504 in its own error shape",
    async ({ expect }) => {
      const { model: name, id } = model("silent");
      const answer = await post(route.path(name), JSON.stringify(route.body(name, true)));
      expect(answer.status).toBe(504);
      expect(errorOf(route.dialect, answer.json)).toContain("sent no response for 300 ms");
      expect((await upstream.requests.get(id)!.closed).finished).toBe(false);
    },
  );

  it.skipIf(!translatable(route.dialect, "openai"))(
    "ends a stream the upstream stops feeding with its own error, and aborts the upstream",
    async ({ expect }) => {
      const { model: name, id } = model("hang");
      const answer = await post(route.path(name), JSON.stringify(route.body(name, true)));
      expect(answer.status).toBe(200);
      expect(answer.text).toContain("No bytes arrived from the upstream for 300 ms");
      expect((await upstream.requests.get(id)!.closed).finished).toBe(false);
    },
  );

  it.skipIf(!translatable(route.dialect, "openai") || !collectable(route.dialect))(
    "stops a stream: false answer at maxCollectedBytes with 502 in its own error shape",
    async ({ expect }) => {
      const { model: name } = model("ok");
      const answer = await post(
        route.front === "gemini"
          ? (route.path as (m: string, s: boolean) => string)(name, false)
          : route.path(name),
        JSON.stringify(route.body(name, false)),
      );
      expect(answer.status).toBe(502);
      expect(errorOf(route.dialect, answer.json)).toContain("larger than 200 bytes");
    },
  );
});
