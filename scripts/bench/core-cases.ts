import { createStreamDecoder, type Dialect, parseJsonData, sseFraming } from "@sse-dialects/core";
import type { BenchCase } from "./bench-case.js";

/**
 * The core pipeline alone: UTF-8, framing, size limits, the engine and one event per message,
 * with a dialect that only parses JSON. Its ratio is the cost core adds before any dialect.
 */
const jsonOnly: Dialect = {
  name: "json-only",
  framing: sseFraming,
  contentType: "text/event-stream",
  terminator: "data: [DONE]",
  createDecoder(emit) {
    let done = false;
    return {
      message(message) {
        if (message.data === "[DONE]") {
          done = true;
          return;
        }
        const data = parseJsonData(message.data, emit);
        if (data !== undefined) emit({ type: "unknown", dialect: "json-only", data });
      },
      end: () => done,
    };
  },
  createEncoder() {
    throw new Error("json-only does not encode");
  },
};

export const coreCases: BenchCase[] = [
  {
    name: "core pipeline (bytes → events, JSON only)",
    stream: "openai-text",
    run(pieces) {
      let count = 0;
      const decoder = createStreamDecoder(jsonOnly, () => {
        count++;
      });
      for (const piece of pieces) decoder.push(piece);
      decoder.close();
      return count;
    },
  },
];
