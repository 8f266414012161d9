import { describe, expect, it } from "vitest";
import { forwardableHeaders } from "./filter-headers.js";

describe("forwardableHeaders", () => {
  const headers = new Headers({
    connection: "close, x-request-id",
    "transfer-encoding": "chunked",
    authorization: "Bearer c",
    "x-api-key": "c",
    "x-goog-api-key": "AIza-client",
    "anthropic-api-key": "sk-ant-client",
    "openai-organization": "org-client",
    "openai-project": "proj-client",
    "api-key": "azure-client",
    cookie: "session=1",
    "x-custom": "1",
    traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
    "user-agent": "test/1",
  });

  it("passes only the allow-list: credentials under any name stay with the proxy", () => {
    // x-request-id is allowed but named by Connection: hop-by-hop for this request.
    expect(Object.fromEntries(forwardableHeaders(headers))).toEqual({
      traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
      "user-agent": "test/1",
    });
  });

  it("passes every credential header with credentials, and extra names when allowed", () => {
    expect(
      Object.fromEntries(
        forwardableHeaders(headers, {
          credentials: true,
          allow: ["X-Custom", "cookie", "transfer-encoding"],
        }),
      ),
    ).toEqual({
      authorization: "Bearer c",
      "x-api-key": "c",
      "x-goog-api-key": "AIza-client",
      "anthropic-api-key": "sk-ant-client",
      "openai-organization": "org-client",
      "openai-project": "proj-client",
      "api-key": "azure-client",
      "x-custom": "1",
      traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
      "user-agent": "test/1",
    });
  });
});
