import { describe, expect, it } from "vitest";
import type { ChatRequest } from "./chat-request.js";
import { withToolCallIds } from "./with-tool-call-ids.js";

const base = { model: "m", stream: false } as const;

describe("withToolCallIds", () => {
  it("pairs calls and results without ids by name, then by order", () => {
    const request: ChatRequest = {
      ...base,
      messages: [
        {
          role: "assistant",
          content: [
            { type: "tool-call", name: "a", arguments: "{}" },
            { type: "tool-call", name: "b", arguments: "{}" },
          ],
        },
        {
          role: "user",
          content: [
            { type: "tool-result", name: "b", content: [] },
            { type: "tool-result", content: [] },
          ],
        },
      ],
    };
    const out = withToolCallIds(request);
    expect(out.messages[0]!.content.map((part) => "id" in part && part.id)).toEqual([
      "call_0",
      "call_1",
    ]);
    expect(out.messages[1]!.content.map((part) => "id" in part && part.id)).toEqual([
      "call_1",
      "call_0",
    ]);
    expect(request.messages[0]!.content[0]).not.toHaveProperty("id");
  });

  it("keeps ids that are there and never reuses one", () => {
    const request: ChatRequest = {
      ...base,
      messages: [
        {
          role: "assistant",
          content: [
            { type: "tool-call", id: "call_0", name: "a", arguments: "{}" },
            { type: "tool-call", name: "a", arguments: "{}" },
          ],
        },
        { role: "tool", content: [{ type: "tool-result", id: "call_0", content: [] }] },
        { role: "tool", content: [{ type: "tool-result", name: "a", content: [] }] },
      ],
    };
    const out = withToolCallIds(request);
    expect(out.messages[0]!.content[1]).toMatchObject({ id: "call_1" });
    expect(out.messages[2]!.content[0]).toMatchObject({ id: "call_1" });
  });

  it("returns the same request when every id is there", () => {
    const request: ChatRequest = { ...base, messages: [{ role: "user", content: [] }] };
    expect(withToolCallIds(request)).toBe(request);
  });
});
