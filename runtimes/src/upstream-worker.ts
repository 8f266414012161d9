/**
 * The proxy's upstream inside workerd: an Anthropic Messages stream, sent in small pieces, only
 * to a request that carries the key from the proxy Worker's `env` (else Anthropic's 401 shape).
 */
import { bytesIn } from "./byte-streams.js";
import { ANTHROPIC_SSE } from "./wire-samples.js";

interface Env {
  EXPECTED_AUTHORIZATION: string;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    if (request.headers.get("authorization") !== env.EXPECTED_AUTHORIZATION) {
      return Response.json(
        { type: "error", error: { type: "authentication_error", message: "invalid x-api-key" } },
        { status: 401 },
      );
    }
    const body = (await request.json()) as { stream?: unknown };
    if (body.stream !== true) return new Response("expected a streaming request", { status: 400 });
    return new Response(bytesIn(ANTHROPIC_SSE, 16), {
      headers: { "content-type": "text/event-stream" },
    });
  },
};
