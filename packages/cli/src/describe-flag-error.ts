import type { ParseArgsConfig } from "node:util";
import { thrownMessage } from "@sse-dialects/core";
import { suggestClosest } from "./suggest-closest.js";

/** The flags a command takes, as `node:util` `parseArgs` declares them. */
export type FlagOptions = NonNullable<ParseArgsConfig["options"]>;

/**
 * Says, in the CLI's own words, what is wrong with the flags `parseArgs` rejected: an unknown
 * flag with the closest known one ("Unknown option --form; did you mean --from?"), a flag that
 * needs a value and has none, a switch given a value. `parseArgs`'s own message (which points at
 * its `--` convention rather than at the typo) is the fallback.
 *
 * @example
 * ```ts
 * describeFlagError(error, ["--form", "openai"], { from: { type: "string" } });
 * // "Unknown option --form; did you mean --from?"
 * ```
 */
export function describeFlagError(
  error: unknown,
  args: readonly string[],
  options: FlagOptions,
): string {
  const shorts = new Map<string, string>();
  for (const [name, option] of Object.entries(options)) {
    if (option.short !== undefined) shorts.set(option.short, name);
  }
  for (let i = 0; i < args.length; i++) {
    const token = args[i]!;
    // After `--` everything is a positional argument; `-` alone is standard input.
    if (token === "--") break;
    if (!token.startsWith("-") || token === "-") continue;
    if (!token.startsWith("--")) {
      for (const letter of token.slice(1)) {
        if (!shorts.has(letter)) return unknown(`-${letter}`, options);
      }
      continue;
    }
    const equals = token.indexOf("=");
    const name = token.slice(2, equals === -1 ? undefined : equals);
    const option = Object.hasOwn(options, name) ? options[name] : undefined;
    if (option === undefined) return unknown(`--${name}`, options);
    if (option.type === "boolean") {
      if (equals !== -1) return `Option --${name} takes no value`;
      continue;
    }
    if (equals !== -1) continue;
    const value = args[i + 1];
    if (value === undefined || (value.startsWith("-") && value !== "-")) {
      return `Option --${name} needs a value`;
    }
    i++;
  }
  return thrownMessage(error).message;
}

function unknown(flag: string, options: FlagOptions): string {
  const names = Object.keys(options);
  const typed = flag.replace(/^-+/, "");
  const closest = suggestClosest(typed, names);
  if (closest !== undefined) return `Unknown option ${flag}; did you mean --${closest}?`;
  return `Unknown option ${flag} (known: ${names.map((name) => `--${name}`).join(", ")})`;
}
