import { describe, expect, it } from "vitest";
import { formatProxyLog } from "./format-proxy-log.js";

const now = new Date("2025-01-01T00:00:00.000Z");
const entry = {
  method: "POST",
  path: "/v1/chat/completions",
  status: 200,
  stream: true,
  dialect: "elumenta",
  events: 9,
  durationMs: 12.4,
  end: "done" as const,
  error: undefined,
};

describe("formatProxyLog", () => {
  it("writes one line: the request, the stream, then the gateway's front, upstream and drops", () => {
    expect(formatProxyLog(entry, now)).toBe(
      "2025-01-01T00:00:00.000Z POST /v1/chat/completions 200 elumenta events=9 end=done 12ms stream\n",
    );
    expect(
      formatProxyLog(
        { ...entry, front: "anthropic-messages", upstream: "main", dropped: ["logit_bias", "n"] },
        now,
      ),
    ).toBe(
      "2025-01-01T00:00:00.000Z POST /v1/chat/completions 200 elumenta events=9 end=done 12ms stream front=anthropic-messages upstream=main dropped=logit_bias,n\n",
    );
    expect(
      formatProxyLog({ ...entry, front: "openai-chat", upstream: undefined, dropped: [] }, now),
    ).toMatch(/ stream front=openai-chat\n$/);
  });

  it("quotes a name that is not plain, so a request cannot break or forge a line; redacts keys", () => {
    const line = formatProxyLog(
      {
        ...entry,
        dropped: ["a\n2025-01-01T00:00:00.000Z GET / 200", "b c"],
        error: "upstream said sk-secret-1234567890",
      },
      now,
      ["sk-secret-1234567890"],
    );
    expect(line.split("\n")).toHaveLength(2);
    expect(line).toContain('dropped="a\\n2025-01-01T00:00:00.000Z GET / 200","b c"');
    expect(line).not.toContain("sk-secret-1234567890");
  });
});
