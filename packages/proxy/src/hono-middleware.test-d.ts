import { elumenta } from "@sse-dialects/elumenta";
import { Hono } from "hono";
import { expectTypeOf, test } from "vitest";
import { gatewayProxy, openAIProxy } from "./hono-middleware.js";

test("the middlewares fit the user's own Hono 4 apps, whatever their Env", () => {
  const app = new Hono<{ Bindings: { KEY: string }; Variables: { user: string } }>();
  app.post("/v1/chat/completions", openAIProxy({ upstream: "https://x/v1", from: elumenta }));
  app.use(
    "*",
    gatewayProxy({ upstreams: [{ name: "u", dialect: elumenta, endpoint: "https://x/v1" }] }),
  );
  expectTypeOf(app.fetch).toBeFunction();
});
