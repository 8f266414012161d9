import { isJsonObject, type JsonValue, MAX_JSON_DEPTH } from "@sse-dialects/core";

/** One step of a JSON path: an object member's name or an array element's index. */
type Segment = string | number;

/** An object or array the arguments' JSON text has opened and not yet closed. */
interface Open {
  array: boolean;
  /** The member (or element) written last in it, whose value may still be open. */
  current: Segment | undefined;
  /** Members written in it (an array's next index). */
  count: number;
  /** The member names written in an object: a name seen again is a path out of order. */
  names: Set<string> | undefined;
}

/** What a `PartialArg` turned into: JSON text to append, or why it could not be. */
export type PartialArgResult = { text: string } | { error: string };

/**
 * Turns the `partialArgs` of a streamed function call (Vertex AI's
 * `functionCallingConfig.streamFunctionCallArguments`, Gemini 3) into the call's arguments as
 * JSON text, written as the pieces arrive. Each `PartialArg` names one value by a JSON path
 * (RFC 9535, `$.foo.bar[0].data`) and carries it as `stringValue`, `numberValue`, `boolValue`
 * or `nullValue`; a string with `willContinue: true` goes on in the next piece for the same path
 * (https://cloud.google.com/vertex-ai/generative-ai/docs/reference/rest/v1/Content#PartialArg).
 *
 * The model streams the values in document order, so the text is written forward only: a piece
 * closes the objects and arrays the previous one was in that its path leaves, opens those it
 * enters, and writes its value. A path that goes back into a closed object or array (or names a
 * member twice, or skips array elements) cannot be written as more text: it is refused, and the
 * text so far stays valid JSON once {@link finish} closes it.
 *
 * @example
 * ```ts
 * const args = new PartialArgsWriter();
 * args.write({ jsonPath: "$.location", stringValue: "Boston", willContinue: true }); // {"location":"Boston
 * args.write({ jsonPath: "$.location", stringValue: ", MA" }); // , MA"
 * args.write({ jsonPath: "$.days", numberValue: 3 }); // ,"days":3
 * args.finish(); // }
 * ```
 */
export class PartialArgsWriter {
  /** The open objects and arrays, the arguments' object first; empty before the first piece. */
  readonly #open: Open[] = [];
  /** A string value is open: the next piece for the same path continues it. */
  #string = false;
  #started = false;

  /** Whether any piece was written. */
  get started(): boolean {
    return this.#started;
  }

  /** The text for one `PartialArg`, or why it is refused. */
  write(arg: JsonValue): PartialArgResult {
    if (!isJsonObject(arg) || typeof arg.jsonPath !== "string")
      return { error: "A partialArgs entry must be an object with a string jsonPath" };
    const path = parseJsonPath(arg.jsonPath);
    if (typeof path === "string") return { error: path };
    const value = carriedValue(arg);
    if (value === undefined)
      return {
        error: `The partialArgs entry for ${arg.jsonPath} has no stringValue, numberValue, boolValue or nullValue`,
      };
    if (path.length === 0) return { error: "A partialArgs jsonPath must name a member of $" };
    if (path.length >= MAX_JSON_DEPTH)
      return { error: `A partialArgs jsonPath nests deeper than ${MAX_JSON_DEPTH} levels` };
    const goesOn = arg.willContinue === true;
    let text = this.#started ? "" : "{";
    if (!this.#started) {
      this.#started = true;
      this.#open.push({ array: false, current: undefined, count: 0, names: new Set() });
    }
    // The same path as the open string: its next piece.
    if (this.#string && this.#isCurrent(path)) {
      if (typeof value !== "string")
        return { error: `A continued string at ${arg.jsonPath} must go on as a stringValue` };
      this.#string = goesOn;
      return { text: text + escaped(value) + (goesOn ? "" : '"') };
    }
    const enter = this.#enter(path);
    if (typeof enter !== "string") return enter;
    // The open string ends where another path starts, before the containers that close.
    if (this.#string) text += '"';
    this.#string = false;
    text += enter;
    if (typeof value === "string") {
      this.#string = goesOn;
      return { text: `${text}"${escaped(value)}${goesOn ? "" : '"'}` };
    }
    return { text: text + JSON.stringify(value) };
  }

  /** The text that closes the arguments: an open string, every open array and object. */
  finish(): string {
    if (!this.#started) return "{}";
    let text = this.#string ? '"' : "";
    this.#string = false;
    while (this.#open.length > 0) text += this.#open.pop()!.array ? "]" : "}";
    return text;
  }

  /** Whether `path` is the member written last, at the deepest open level. */
  #isCurrent(path: readonly Segment[]): boolean {
    if (path.length !== this.#open.length) return false;
    for (let i = 0; i < path.length; i++) if (this.#open[i]!.current !== path[i]) return false;
    return true;
  }

  /**
   * The text that leaves the open containers `path` is not in and enters those it is in, up to
   * its member's name (`,"name":` or `,`), or why `path` cannot come next.
   */
  #enter(path: readonly Segment[]): string | { error: string } {
    // How deep the open containers follow `path`.
    let depth = 0;
    while (
      depth + 1 < this.#open.length &&
      depth < path.length - 1 &&
      this.#open[depth]!.current === path[depth] &&
      this.#open[depth + 1]!.array === (typeof path[depth + 1] === "number")
    )
      depth++;
    // Check every member to be added before writing anything.
    for (let i = depth; i < path.length; i++) {
      const segment = path[i]!;
      const open = i === depth ? this.#open[depth]! : undefined;
      if (i === depth && open!.array !== (typeof segment === "number"))
        return {
          error: `The partialArgs path ${formatPath(path)} does not fit the arguments so far`,
        };
      // A container opened for this path starts empty: its first element is [0].
      const next = open?.count ?? 0;
      const taken =
        typeof segment === "number" ? segment !== next : (open?.names?.has(segment) ?? false);
      if (taken) return { error: `The partialArgs path ${formatPath(path)} comes out of order` };
    }
    let text = "";
    while (this.#open.length > depth + 1) text += this.#open.pop()!.array ? "]" : "}";
    for (let i = depth; i < path.length; i++) {
      const open = this.#open[i]!;
      const segment = path[i]!;
      if (open.count > 0) text += ",";
      if (typeof segment === "string") {
        open.names!.add(segment);
        text += `${JSON.stringify(segment)}:`;
      }
      open.current = segment;
      open.count++;
      if (i < path.length - 1) {
        const array = typeof path[i + 1] === "number";
        text += array ? "[" : "{";
        this.#open.push({
          array,
          current: undefined,
          count: 0,
          names: array ? undefined : new Set(),
        });
      }
    }
    return text;
  }
}

/** The value a `PartialArg` carries (its `delta` oneof), or `undefined` when it has none. */
function carriedValue(arg: {
  [key: string]: JsonValue;
}): string | number | boolean | null | undefined {
  if (typeof arg.stringValue === "string") return arg.stringValue;
  if (typeof arg.numberValue === "number") return arg.numberValue;
  if (typeof arg.boolValue === "boolean") return arg.boolValue;
  // `google.protobuf.NullValue`: `"NULL_VALUE"` in JSON (some writers send `null` or 0).
  if ("nullValue" in arg) return null;
  return undefined;
}

/** A string's content as it goes inside JSON quotes. */
function escaped(text: string): string {
  const json = JSON.stringify(text);
  return json.slice(1, json.length - 1);
}

const NAME_END = /[.[]/;

/**
 * The segments of a JSON path in the normalized and shorthand forms RFC 9535 gives for one
 * value: `$`, then `.name`, `['name']` / `["name"]` or `[0]` steps; or why it is not one.
 */
export function parseJsonPath(path: string): Segment[] | string {
  if (path[0] !== "$") return `The partialArgs jsonPath ${JSON.stringify(path)} must start with $`;
  const segments: Segment[] = [];
  let at = 1;
  const bad = () => `The partialArgs jsonPath ${JSON.stringify(path)} is not a path to one value`;
  while (at < path.length) {
    if (segments.length >= MAX_JSON_DEPTH) return bad();
    const c = path[at];
    if (c === ".") {
      const rest = path.slice(at + 1);
      const end = rest.search(NAME_END);
      const name = end === -1 ? rest : rest.slice(0, end);
      if (name === "") return bad();
      segments.push(name);
      at += 1 + name.length;
    } else if (c === "[") {
      const close = readBracket(path, at + 1);
      if (close === undefined) return bad();
      segments.push(close.segment);
      at = close.end;
    } else return bad();
  }
  return segments;
}

/** A bracketed step from `from` (after `[`): an index or a quoted name, and where it ends. */
function readBracket(path: string, from: number): { segment: Segment; end: number } | undefined {
  const quote = path[from];
  if (quote === "'" || quote === '"') {
    let name = "";
    for (let i = from + 1; i < path.length; i++) {
      const c = path[i]!;
      if (c === "\\") {
        const next = path[++i];
        if (next === undefined) return undefined;
        name += next === "n" ? "\n" : next === "t" ? "\t" : next;
      } else if (c === quote) {
        return path[i + 1] === "]" ? { segment: name, end: i + 2 } : undefined;
      } else name += c;
    }
    return undefined;
  }
  const close = path.indexOf("]", from);
  if (close === -1) return undefined;
  const digits = path.slice(from, close);
  if (!/^(0|[1-9][0-9]{0,8})$/.test(digits)) return undefined;
  return { segment: Number(digits), end: close + 1 };
}

function formatPath(path: readonly Segment[]): string {
  return `$${path.map((s) => (typeof s === "number" ? `[${s}]` : `.${s}`)).join("")}`;
}
