import { openai } from "@sse-dialects/openai";
import { describe, expect, it } from "vitest";
import type { GatewayUpstream } from "./gateway-config.js";
import { listedModels, routeModel } from "./route-model.js";

const a: GatewayUpstream = { name: "a", dialect: openai, baseUrl: "https://a/v1" };
const b: GatewayUpstream = { name: "b", dialect: openai, baseUrl: "https://b/v1" };

describe("routeModel", () => {
  const routing = {
    upstreams: [a, b],
    routes: [
      { model: "claude-special", upstream: "a", upstreamModel: "real-name" },
      { prefix: "claude-", upstream: "b" },
      { prefix: "claude-sonnet", upstream: "a" },
      { model: "gpt-5", upstream: "a" },
    ],
  };

  it("takes the first route that matches, by exact name or prefix", () => {
    expect(routeModel(routing, "claude-special")).toEqual({ upstream: a, model: "real-name" });
    // The prefix route comes first, so the longer prefix after it never wins.
    expect(routeModel(routing, "claude-sonnet-4-5")).toEqual({
      upstream: b,
      model: "claude-sonnet-4-5",
    });
    expect(routeModel(routing, "gpt-5")).toEqual({ upstream: a, model: "gpt-5" });
    expect(routeModel(routing, "gpt-5-mini")).toBeUndefined();
    expect(routeModel(routing, undefined)).toBeUndefined();
  });

  it("sends everything to a lone upstream without routes", () => {
    expect(routeModel({ upstreams: [a] }, "anything")).toEqual({ upstream: a, model: "anything" });
    expect(routeModel({ upstreams: [a, b] }, "anything")).toBeUndefined();
  });

  it("lists the exact names only", () => {
    expect(listedModels(routing)).toEqual(["claude-special", "gpt-5"]);
  });
});
