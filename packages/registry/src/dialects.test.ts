import { anthropic } from "@sse-dialects/anthropic";
import { elumenta } from "@sse-dialects/elumenta";
import { gemini } from "@sse-dialects/gemini";
import { ollama } from "@sse-dialects/ollama";
import { openai } from "@sse-dialects/openai";
import { responses } from "@sse-dialects/responses";
import { describe, expect, it } from "vitest";
import { dialectLoaders, dialectNames, loadDialect, loadDialects } from "./dialect-loaders.js";
import { dialects } from "./dialects.js";
import { findDialect } from "./find-dialect.js";

describe("the registry", () => {
  it("lists the shipped dialects, OpenAI first", () => {
    expect(dialects).toEqual([openai, elumenta, anthropic, responses, gemini, ollama]);
    expect(dialectNames()).toEqual([
      "openai",
      "elumenta",
      "anthropic",
      "responses",
      "gemini",
      "ollama",
    ]);
  });

  it("finds a dialect by its exact name", () => {
    expect(findDialect("openai")).toBe(openai);
    expect(findDialect("elumenta")).toBe(elumenta);
    expect(findDialect("OpenAI")).toBeUndefined();
    expect(findDialect("auto")).toBeUndefined();
  });

  // What every consumer relies on: names are unique (`--from` resolves to one dialect), and each
  // shipped dialect is complete: `auto` can detect it and the proxy can send it a request.
  it.each(dialects.map((dialect) => [dialect.name, dialect] as const))(
    "%s is a complete plug-in",
    (name, dialect) => {
      expect(dialects.filter((other) => other.name === name)).toHaveLength(1);
      expect(name).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(dialect.detect).toBeTypeOf("function");
      expect(dialect.mapRequest).toBeTypeOf("function");
    },
  );

  // The loaders are a second list of the same dialects: it must not drift from `dialects`.
  it("loads the same dialects, by the same names, in the same order", async () => {
    expect(dialectLoaders.map((loader) => loader.name)).toEqual(
      dialects.map((dialect) => dialect.name),
    );
    expect(await loadDialects()).toEqual([...dialects]);
    for (const loader of dialectLoaders) {
      expect(await loader.load()).toBe(findDialect(loader.name));
    }
  });

  it("loads one dialect by its exact name", async () => {
    expect(await loadDialect("anthropic")).toBe(anthropic);
    expect(await loadDialect("Anthropic")).toBeUndefined();
    expect(await loadDialect("auto")).toBeUndefined();
  });
});
