import { describe, expect, it } from "vitest";
import type { DroppedField } from "../dialect/dialect.js";
import type { JsonObject } from "../events/stream-event.js";
import type { ChatRequest } from "./chat-request.js";
import {
  SAMPLING_FIELDS,
  type SamplingNames,
  writeSamplingFields,
} from "./write-sampling-fields.js";

const request: ChatRequest = {
  model: "m",
  messages: [],
  stream: true,
  maxTokens: 100,
  temperature: 0.5,
  topP: 0.9,
  topK: 40,
  stop: ["END"],
  seed: 7,
  presencePenalty: 0.1,
  frequencyPenalty: 0.2,
};

describe("writeSamplingFields", () => {
  it("writes each setting under the dialect's name, and lists the ones it has none for", () => {
    const names: SamplingNames = {
      maxTokens: "max_tokens",
      temperature: "temperature",
      topP: "top_p",
      topK: null,
      stop: "stop_sequences",
      seed: null,
      presencePenalty: "presence_penalty",
      frequencyPenalty: "frequency_penalty",
    };
    const body: JsonObject = { max_tokens: 4096 };
    const dropped: DroppedField[] = [];
    writeSamplingFields(request, body, names, "x", dropped);
    expect(body).toEqual({
      max_tokens: 100,
      temperature: 0.5,
      top_p: 0.9,
      stop_sequences: ["END"],
      presence_penalty: 0.1,
      frequency_penalty: 0.2,
    });
    expect(dropped).toEqual([
      { field: "topK", reason: "x has no topK" },
      { field: "seed", reason: "x has no seed" },
    ]);
  });

  it("leaves out what the request does not set, and loses nothing it does", () => {
    const none = Object.fromEntries(SAMPLING_FIELDS.map((f) => [f, null])) as SamplingNames;
    const bare: ChatRequest = { model: "m", messages: [], stream: false };
    const dropped: DroppedField[] = [];
    const body: JsonObject = {};
    writeSamplingFields(bare, body, none, "x", dropped);
    expect([body, dropped]).toEqual([{}, []]);
    writeSamplingFields(request, body, none, "x", dropped);
    expect(dropped.map((d) => d.field)).toEqual([...SAMPLING_FIELDS]);
  });
});
