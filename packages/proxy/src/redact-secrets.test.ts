import { describe, expect, it } from "vitest";
import { redactSecrets, verbatimRedactor } from "./redact-secrets.js";

describe("redactSecrets", () => {
  it("removes the configured key and anything shaped like a key", () => {
    expect(
      redactSecrets("key my-long-secret-value and sk-abcdef123456", ["my-long-secret-value"]),
    ).toBe("key [redacted] and [redacted]");
    expect(redactSecrets("Authorization: Bearer abc.def", [])).toBe(
      "Authorization: Bearer [redacted]",
    );
    expect(redactSecrets("https://g/models?key=AIza123&alt=sse", [])).toBe(
      "https://g/models?key=[redacted]&alt=sse",
    );
  });
});

describe("verbatimRedactor", () => {
  it("removes a secret as it is and JSON-escaped, and leaves key-shaped words alone", () => {
    const secret = 'pa"ss\\word-123';
    const redact = verbatimRedactor([secret, "short"]);
    expect(redact(`${secret} ${JSON.stringify(secret)} sk-legitimate-word short`)).toBe(
      '[redacted] "[redacted]" sk-legitimate-word short',
    );
  });
});
