import { anthropic } from "@sse-dialects/anthropic";
import { describe, expect, it } from "vitest";
import { GatewayConfigError, parseGatewayConfig } from "./parse-gateway-config.js";

function issuesOf(value: unknown) {
  try {
    parseGatewayConfig(value);
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayConfigError);
    return (error as GatewayConfigError).issues.map((issue) => `${issue.path}: ${issue.message}`);
  }
  throw new Error("expected the configuration to be refused");
}

describe("parseGatewayConfig", () => {
  it("resolves dialect names and keeps routes in order", () => {
    const config = parseGatewayConfig({
      upstreams: [
        {
          name: "claude",
          dialect: "anthropic",
          baseUrl: "https://api.anthropic.com/v1/",
          apiKeyEnv: "ANTHROPIC_API_KEY",
        },
        { name: "detect", dialect: "auto", endpoint: "http://127.0.0.1:9/x" },
      ],
      routes: [
        { model: "fast", upstream: "claude", upstreamModel: "claude-haiku-4-5" },
        { prefix: "", upstream: "detect" },
      ],
      clientKeyEnv: "GATEWAY_KEY",
    });
    expect(config.upstreams[0]).toEqual({
      name: "claude",
      dialect: anthropic,
      baseUrl: "https://api.anthropic.com/v1",
      apiKeyEnv: "ANTHROPIC_API_KEY",
    });
    expect(config.upstreams[1]?.dialect).toBe("auto");
    expect(config.routes).toEqual([
      { model: "fast", upstream: "claude", upstreamModel: "claude-haiku-4-5" },
      { prefix: "", upstream: "detect" },
    ]);
    expect(config.clientKeyEnv).toBe("GATEWAY_KEY");
  });

  it("names every bad field at once", () => {
    expect(
      issuesOf({
        upstreams: [
          { name: "a", dialect: "anthropics", baseURL: "https://x" },
          { name: "b", dialect: "openai", baseUrl: "ftp://x", apiKeyEnv: "sk-live-123" },
          { name: "b", dialect: "openai", baseUrl: "https://u:p@host/v1" },
        ],
        routes: [{ model: "m", prefix: "p", upstream: "zz" }, "x"],
        extra: 1,
      }),
    ).toEqual([
      "extra: unknown field (known: upstreams, routes, clientKeyEnv)",
      "upstreams[0].baseURL: unknown field (known: name, dialect, baseUrl, endpoint, apiKeyEnv)",
      expect.stringMatching(
        /^upstreams\[0\]\.dialect: unknown dialect "anthropics" \(known: openai, .*auto\)$/,
      ),
      "upstreams[0]: needs exactly one of baseUrl and endpoint",
      "upstreams[1].baseUrl: must be http: or https:, not ftp:",
      "upstreams[1].apiKeyEnv: must be an environment variable name (letters, digits, _), not the key itself",
      "upstreams[2].baseUrl: must not carry credentials (user:password@): use apiKeyEnv",
      "routes[0]: needs exactly one of model (an exact name) and prefix",
      'routes[0].upstream: no upstream is named "zz" (known: )',
      "routes[1]: must be an object with model or prefix, and upstream",
    ]);
  });

  it("refuses what is not a configuration, and several upstreams without routes", () => {
    expect(issuesOf([])).toEqual(["(root): must be a JSON object"]);
    expect(issuesOf({})).toEqual(["upstreams: must be a non-empty array of upstreams"]);
    expect(
      issuesOf({
        upstreams: [
          { name: "a", dialect: "openai", baseUrl: "https://a/v1" },
          { name: "b", dialect: "openai", baseUrl: "https://b/v1" },
        ],
      }),
    ).toEqual([
      'routes: are needed to choose among several upstreams (a route with prefix "" catches every model)',
    ]);
  });

  it("reports a duplicate name", () => {
    expect(
      issuesOf({
        upstreams: [
          { name: "a", dialect: "openai", baseUrl: "https://a/v1" },
          { name: "a", dialect: "openai", baseUrl: "https://b/v1" },
        ],
        routes: [{ prefix: "", upstream: "a" }],
      }),
    ).toEqual(['upstreams[1].name: "a" is already the name of another upstream']);
  });
});
