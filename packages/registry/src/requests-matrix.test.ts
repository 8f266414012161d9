import {
  type ChatRequest,
  chatRequestSchema,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  RequestError,
  type UpstreamTarget,
} from "@sse-dialects/core";
import { arbitraryCommonRequest, conversationOf, expectRequestError } from "@sse-dialects/testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dialects } from "./dialects.js";

/**
 * Every ordered pair of shipped dialects, on the request side: a request written by dialect A
 * (`build`), read back by A (`parse`, what a front does with its client's body), then written
 * for dialect B and read back by B, keeps its conversation — instructions, turns, text, tool
 * calls with their arguments, tool results paired with their calls. Elumenta's messages are
 * text alone, so its pairs use text-only conversations.
 */

const target = (request: ChatRequest): UpstreamTarget => ({
  baseUrl: "http://127.0.0.1:1",
  model: request.model,
});
const route = (request: ChatRequest) => ({ model: request.model, stream: true });

describe("requests: every front × every upstream keeps the conversation", () => {
  it("every shipped dialect has a request side", () => {
    expect(
      dialects.filter((dialect) => dialect.requests === undefined).map((dialect) => dialect.name),
    ).toEqual([]);
  });

  for (const front of dialects)
    for (const upstream of dialects) {
      it(`${front.name} → ${upstream.name}`, () => {
        const textOnly = front.name === "elumenta" || upstream.name === "elumenta";
        fc.assert(
          fc.property(arbitraryCommonRequest(["maxTokens"], textOnly), (request) => {
            const fromClient = front.requests!.parse(
              front.requests!.build(request, target(request)).body,
              route(request),
            );
            const sent = upstream.requests!.build(fromClient, target(fromClient));
            const seen = upstream.requests!.parse(sent.body, route(fromClient));
            expect(conversationOf(seen)).toEqual(conversationOf(request));
          }),
          { numRuns: 40 },
        );
      });
    }

  it("a Responses continuation reaches only Responses; every other upstream refuses it by name", () => {
    const responses = dialects.find((dialect) => dialect.name === "responses")!;
    const request = responses.requests!.parse(
      { model: "m", input: "Go on", previous_response_id: "resp_1" },
      {},
    );
    for (const upstream of dialects) {
      if (upstream.name === "responses")
        expect(upstream.requests!.build(request, target(request)).body.previous_response_id).toBe(
          "resp_1",
        );
      else
        expectRequestError(
          () => upstream.requests!.build(request, target(request)),
          "previous_response_id",
        );
    }
  });
});

/** Every path into a JSON value (object keys and array indexes), the root first. */
function pathsOf(
  value: JsonValue,
  prefix: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value))
    value.forEach((item, at) => {
      pathsOf(item, [...prefix, at], out);
    });
  else if (value !== null && typeof value === "object")
    for (const key of Object.keys(value)) pathsOf(value[key]!, [...prefix, key], out);
  return out;
}

/** A copy of `value` with the value at `path` replaced. */
function replaceAt(value: JsonValue, path: (string | number)[], replacement: JsonValue): JsonValue {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value))
    return value.map((item, at) => (at === head ? replaceAt(item, rest, replacement) : item));
  const object = value as JsonObject;
  return { ...object, [head!]: replaceAt(object[head as string]!, rest, replacement) };
}

describe("requests: hostile bodies", () => {
  for (const dialect of dialects)
    it(`${dialect.name}: any body is parsed into a valid request or refused with a RequestError, and so is its build`, () => {
      fc.assert(
        fc.property(
          arbitraryCommonRequest(["maxTokens", "temperature", "stop"], dialect.name === "elumenta"),
          fc.nat(),
          fc.jsonValue({ maxDepth: 3 }),
          (request, pick, replacement) => {
            const body = dialect.requests!.build(request, target(request)).body;
            const paths = pathsOf(body);
            const hostile = replaceAt(body, paths[pick % paths.length]!, replacement as JsonValue);
            let parsed: ChatRequest;
            try {
              parsed = dialect.requests!.parse(
                isJsonObject(hostile) ? hostile : {},
                route(request),
              );
            } catch (error) {
              expect(error).toBeInstanceOf(RequestError);
              return;
            }
            expect(chatRequestSchema.safeParse(parsed).success).toBe(true);
            for (const upstream of dialects) {
              try {
                upstream.requests!.build(parsed, target(parsed));
              } catch (error) {
                expect(error).toBeInstanceOf(RequestError);
              }
            }
          },
        ),
        { numRuns: 300 },
      );
    });
});
