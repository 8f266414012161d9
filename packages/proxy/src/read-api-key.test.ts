import { afterEach, describe, expect, it } from "vitest";
import { readApiKey } from "./read-api-key.js";

afterEach(() => {
  delete process.env.READ_API_KEY_TEST;
});

describe("readApiKey", () => {
  it("prefers the request's env, then the configured env, then process.env", () => {
    process.env.READ_API_KEY_TEST = "from-process";
    expect(readApiKey("READ_API_KEY_TEST", { READ_API_KEY_TEST: "from-request" }, {})).toBe(
      "from-request",
    );
    expect(readApiKey("READ_API_KEY_TEST", {}, { READ_API_KEY_TEST: "from-config" })).toBe(
      "from-config",
    );
    expect(readApiKey("READ_API_KEY_TEST", undefined, undefined)).toBe("from-process");
  });

  it("skips empty values, bindings that are not strings, and inherited properties", () => {
    expect(readApiKey("K", { K: "" }, { K: "next" })).toBe("next");
    expect(readApiKey("K", { K: { get() {} } }, undefined)).toBeUndefined();
    expect(readApiKey("toString", {}, undefined)).toBeUndefined();
  });
});
