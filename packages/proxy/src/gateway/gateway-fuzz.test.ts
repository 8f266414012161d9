import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MATRIX_ROUTES, upstreamsAt } from "../test-support/matrix/matrix-gateway.js";
import { createGatewayHandler } from "./create-gateway-handler.js";
import { GatewayConfigError, parseGatewayConfig } from "./parse-gateway-config.js";

/** Every path a client can post to, with models routed to each upstream dialect. */
const PATHS = [
  "/v1/chat/completions",
  "/v1/messages",
  "/v1/messages/count_tokens",
  "/v1/responses",
  "/v1beta/models/openai.ok.f:streamGenerateContent?alt=sse",
  "/v1beta/models/anthropic.ok.f:generateContent",
  "/v1beta/models/gemini.ok.f:countTokens",
  "/api/chat",
  "/api/generate",
];

describe("the gateway under arbitrary bodies", () => {
  it("answers any JSON body on any front with a status, never an exception, and a JSON error below 600", async () => {
    const handler = createGatewayHandler({
      upstreams: upstreamsAt("http://127.0.0.1:9"),
      routes: MATRIX_ROUTES,
      // No network: every upstream call is a 401 with a JSON body.
      fetch: async () => new Response('{"error":{"message":"no"}}', { status: 401 }),
    });
    const models = fc.constantFrom(
      "openai.ok.f",
      "anthropic.ok.f",
      "responses.ok.f",
      "gemini.ok.f",
      "ollama.ok.f",
    );
    const body = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      fc
        .record({ model: models })
        .chain((head) =>
          fc
            .dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 3 }))
            .map((rest) => ({ ...rest, ...head })),
        ),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PATHS), body, async (path, value) => {
        const response = await handler(
          new Request(`http://gateway${path}`, { method: "POST", body: JSON.stringify(value) }),
        );
        expect(response.status).toBeGreaterThanOrEqual(200);
        expect(response.status).toBeLessThan(600);
        const text = await response.text();
        if (response.status >= 400) expect(() => JSON.parse(text) as unknown).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it("checks any configuration into a gateway routing or a GatewayConfigError, nothing else", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        try {
          parseGatewayConfig(value);
        } catch (error) {
          expect(error).toBeInstanceOf(GatewayConfigError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
