import type { AnyDialect } from "@sse-dialects/core";

/** A shipped dialect by name, and how to load it: what a command that names one dialect needs. */
export interface DialectLoader {
  /** The dialect's `name` (`openai`, `elumenta`), known without loading it. */
  readonly name: string;
  /** Imports the dialect's package and returns its dialect object. */
  load(): Promise<AnyDialect>;
}

/**
 * The shipped dialects as loaders, in registry order: the same list as `dialects`, for programs
 * that start often and use one or two of them (the `sse-dialects` command). Each package is
 * imported when first loaded, so a bundler that splits code (esbuild's `splitting`) gives every
 * dialect its own chunk, and `sse-dialects convert --from openai --to openai` never compiles
 * the others.
 *
 * @example
 * ```ts
 * const loader = dialectLoaders.find((entry) => entry.name === "elumenta");
 * const elumenta = await loader?.load();
 * ```
 */
export const dialectLoaders: readonly DialectLoader[] = [
  { name: "openai", load: async () => (await import("@sse-dialects/openai")).openai },
  { name: "elumenta", load: async () => (await import("@sse-dialects/elumenta")).elumenta },
  { name: "anthropic", load: async () => (await import("@sse-dialects/anthropic")).anthropic },
  { name: "responses", load: async () => (await import("@sse-dialects/responses")).responses },
  { name: "gemini", load: async () => (await import("@sse-dialects/gemini")).gemini },
  { name: "ollama", load: async () => (await import("@sse-dialects/ollama")).ollama },
];

/**
 * The names of the shipped dialects, in registry order: for help texts and error messages.
 * Loads no dialect.
 *
 * @example
 * ```ts
 * dialectNames(); // ["openai", "elumenta", …]
 * ```
 */
export function dialectNames(): string[] {
  return dialectLoaders.map((loader) => loader.name);
}

/**
 * Loads the shipped dialect called `name`, or resolves to `undefined` for a name that is not
 * one: what `findDialect` returns, without importing the other dialects.
 *
 * @example
 * ```ts
 * const to = await loadDialect("anthropic");
 * if (to === undefined) throw new Error(`known: ${dialectNames().join(", ")}`);
 * ```
 */
export async function loadDialect(name: string): Promise<AnyDialect | undefined> {
  return dialectLoaders.find((loader) => loader.name === name)?.load();
}

/**
 * Loads every shipped dialect, in registry order: what `"auto"` detection needs (it shows the
 * stream to every detector), equal to `dialects`.
 *
 * @example
 * ```ts
 * const decoder = createAutoDecoder(await loadDialects(), (event) => console.log(event));
 * ```
 */
export function loadDialects(): Promise<AnyDialect[]> {
  return Promise.all(dialectLoaders.map((loader) => loader.load()));
}
