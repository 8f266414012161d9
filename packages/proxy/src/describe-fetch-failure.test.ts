import { describe, expect, it } from "vitest";
import { describeFetchFailure } from "./describe-fetch-failure.js";

describe("describeFetchFailure", () => {
  it("says what the causes say, not undici's bare 'fetch failed'", () => {
    const dns = Object.assign(new Error("getaddrinfo failed upstream.invalid"), {
      code: "ENOTFOUND",
    });
    expect(describeFetchFailure(new TypeError("fetch failed", { cause: dns }))).toBe(
      "ENOTFOUND: getaddrinfo failed upstream.invalid",
    );
    expect(describeFetchFailure("odd")).toBe("odd");
  });
});
