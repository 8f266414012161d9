import { encodeAll, type StreamEvent } from "@sse-dialects/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ollama } from "./ollama-dialect.js";

/** A line as `JSON.stringify` writes the object it parses to: what Ollama itself writes. */
const canonical = (line: string) => JSON.stringify(JSON.parse(line));

describe("ollama encoder text lines", () => {
  it("writes text and thinking lines byte for byte as the objects they stand for", () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.integer({ min: 0, max: 4_000_000_000 }),
        fc.array(fc.tuple(fc.boolean(), fc.string({ minLength: 1, unit: "binary" })), {
          maxLength: 6,
        }),
        fc.constantFrom("chat" as const, "generate" as const),
        (model, created, deltas, endpoint) => {
          const events: StreamEvent[] = [
            { type: "metadata", model, created },
            { type: "role", choice: 0, role: "assistant" },
            ...deltas.map(
              ([thinking, text]): StreamEvent =>
                thinking
                  ? { type: "reasoning-delta", choice: 0, text }
                  : { type: "text-delta", choice: 0, text },
            ),
          ];
          // The metadata writes the first line; the role has nothing more to say.
          const lines = encodeAll(events, ollama, { dialect: { endpoint } })
            .split("\n")
            .filter((l) => l !== "");
          expect(lines).toHaveLength(1 + deltas.length);
          const createdAt = new Date(created * 1000).toISOString();
          deltas.forEach(([thinking, text], i) => {
            const line = lines[1 + i]!;
            expect(line).toBe(canonical(line));
            const body =
              endpoint === "generate"
                ? thinking
                  ? { response: "", thinking: text }
                  : { response: text }
                : {
                    message: thinking
                      ? { role: "assistant", content: "", thinking: text }
                      : { role: "assistant", content: text },
                  };
            // The same key order as the lines built as objects (model, created_at, …, done).
            const expected = { model, created_at: createdAt, ...body, done: false };
            expect(line).toBe(JSON.stringify(expected));
          });
        },
      ),
    );
  });
});
