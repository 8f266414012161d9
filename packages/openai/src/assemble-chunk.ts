import { type JsonObject, type JsonValue, setOwn, type Write } from "@sse-dialects/core";
import { PlainChunkWriter } from "./write-plain-chunk.js";

/*
 * A chunk holds one choice, and within it the parts in the order the decoder reads them back;
 * an event whose part comes earlier than (or repeats) one already in the chunk starts the next
 * chunk. So `decode(encode(events))` gives back the events in their order, however the chunks
 * fall.
 */
export const ROLE = 1;
export const CHOICE_EXTRA = 2;
export const DELTA_EXTRA = 3;
export const REASONING = 4;
export const TEXT = 5;
export const REFUSAL = 6;
export const TOOL_CALLS = 7;
export const LOGPROBS = 8;
export const FINISH = 9;
const USAGE = 10;
const RECEIPT = 11;
const ERROR = 12;

/**
 * Builds OpenAI `chat.completion.chunk` payloads part by part and writes each one as soon as the
 * next part cannot join it. It knows the wire shape and the join rules; which event becomes
 * which part is the encoder's business.
 */
export class ChunkAssembler {
  readonly #write: Write;

  /** The metadata stamped on every chunk, and its JSON without the closing brace (cached). */
  #stamp: JsonObject;
  #prefix: string;
  /** A metadata change not yet written: the decoder sees it on the next chunk. */
  #metaDirty = false;
  /** Response-scoped extra fields for the next chunk only (the decoder reports them once). */
  #pendingExtra: JsonObject | undefined;

  /** The chunk under construction. */
  #open = false;
  #stage = 0;
  #hasContent = false;
  #entry: JsonObject | undefined;
  #delta: JsonObject = {};
  /**
   * The open chunk while it is plain: one choice whose delta is one string field (text, reasoning,
   * refusal or role), the chunk nearly every event makes. It is kept as these three fields, not as
   * objects, and written without `JSON.stringify` (see `PlainChunkWriter`); anything else joining
   * it turns it into `#entry`/`#delta` first (`#materialize`).
   */
  #plain = false;
  #plainChoice = 0;
  #plainKey = "";
  #plainText = "";
  readonly #plainWriter: PlainChunkWriter;
  #usage: JsonObject | undefined;
  #billing: JsonObject | undefined;
  #receipt: string | undefined;
  #error: JsonValue | undefined;

  /** `stamp` is stamped on every chunk until `setStamp` replaces it. */
  constructor(write: Write, stamp: JsonObject) {
    this.#write = write;
    this.#plainWriter = new PlainChunkWriter(write);
    this.#stamp = stamp;
    this.#prefix = JSON.stringify(stamp).slice(0, -1);
  }

  get stamp(): JsonObject {
    return this.#stamp;
  }

  /** Stamps the chunks from here on with `stamp`; the next chunk is written even if empty. */
  setStamp(stamp: JsonObject): void {
    this.#closeChunk();
    // Two changes in a row are two chunks, so the decoder reports them as two events.
    if (this.#metaDirty) this.#writePrefix();
    this.#stamp = stamp;
    this.#prefix = JSON.stringify(stamp).slice(0, -1);
    this.#metaDirty = true;
  }

  /** Top-level fields for the next chunk only, written even if it is empty. */
  setResponseExtra(fields: JsonObject): void {
    this.#closeChunk();
    if (this.#pendingExtra !== undefined) this.#writePrefix();
    this.#pendingExtra = fields;
  }

  /** Sets the string `key` of the delta of `choice` (role, text, reasoning or refusal). */
  setDelta(choice: number, stage: number, key: string, value: string): void {
    if (!this.#joins(choice, stage)) {
      // A chunk of its own (the usual case): opened plain, no objects.
      this.#closeChunk();
      this.#open = true;
      this.#stage = stage;
      this.#hasContent = isContent(stage);
      this.#entry = undefined;
      this.#plain = true;
      this.#plainChoice = choice;
      this.#plainKey = key;
      this.#plainText = value;
      return;
    }
    this.#part(choice, stage);
    // Taken already (by an extra field of the same name): the value needs a chunk of its own.
    if (key in this.#delta) {
      this.#writeChunk();
      this.#openChoice(choice, stage);
    }
    this.#delta[key] = value;
  }

  /** Sets the field `key` of the choice entry itself (`logprobs`, `finish_reason`). */
  setEntry(choice: number, stage: number, key: string, value: JsonValue): void {
    this.#part(choice, stage);
    const entry = this.#entry!;
    if (entry[key] !== undefined && entry[key] !== null) {
      this.#writeChunk();
      this.#openChoice(choice, stage);
    }
    this.#entry![key] = value;
  }

  /** Adds a fragment to the delta's `tool_calls`. */
  addToolFragment(choice: number, fragment: JsonObject): void {
    this.#part(choice, TOOL_CALLS);
    let calls = this.#delta.tool_calls;
    if (calls !== undefined && !Array.isArray(calls)) {
      this.#writeChunk();
      this.#openChoice(choice, TOOL_CALLS);
      calls = undefined;
    }
    if (calls === undefined) this.#delta.tool_calls = [fragment];
    else calls.push(fragment);
  }

  /**
   * Gives `args` to the open chunk's last tool call if it is call `index` of `choice` and has
   * its id but no arguments yet; false (and nothing done) otherwise.
   */
  fillToolArguments(choice: number, index: number, args: string): boolean {
    if (!(this.#open && this.#entry?.index === choice && this.#stage === TOOL_CALLS)) return false;
    const calls = this.#delta.tool_calls as JsonObject[];
    const last = calls[calls.length - 1]!;
    const fn = last.function as JsonObject;
    if (last.index !== index || !("id" in last) || fn.arguments !== "") return false;
    fn.arguments = args;
    return true;
  }

  /** Assigns `fields` to the choice entry (`CHOICE_EXTRA`) or to its delta (`DELTA_EXTRA`). */
  assignExtra(choice: number, stage: number, fields: JsonObject): void {
    this.#part(choice, stage);
    let target = stage === DELTA_EXTRA ? this.#delta : this.#entry!;
    for (const key in fields) {
      if (stage === CHOICE_EXTRA && (key === "index" || key === "delta")) continue;
      if (key in target && target[key] !== null) {
        this.#writeChunk();
        this.#openChoice(choice, stage);
        target = stage === DELTA_EXTRA ? this.#delta : this.#entry!;
        break;
      }
    }
    for (const key in fields) {
      // A choice's `index` and `delta` are the encoder's to write.
      if (stage === CHOICE_EXTRA && (key === "index" || key === "delta")) continue;
      setOwn(target, key, fields[key]!);
    }
  }

  /**
   * Sets `usage` and `billing` (either may be undefined) on a chunk with `choices: []`, or on the
   * open finish chunk if `onFinishChunk`.
   */
  attachUsage(
    usage: JsonObject | undefined,
    billing: JsonObject | undefined,
    onFinishChunk: boolean,
  ): void {
    if (!(onFinishChunk && this.#open && this.#stage === FINISH)) {
      this.#closeChunk();
      this.#open = true;
    }
    this.#stage = USAGE;
    this.#usage = usage;
    this.#billing = billing;
  }

  /** Sets `receipt_id` on the open finish or usage chunk, or on a chunk with `choices: []`. */
  attachReceipt(id: string): void {
    // A receipt comes after the response: it joins the finish or usage chunk still open.
    if (!(this.#open && this.#stage >= FINISH && this.#stage < RECEIPT)) {
      this.#closeChunk();
      this.#open = true;
    }
    this.#stage = RECEIPT;
    this.#receipt = id;
  }

  /**
   * Sets `error` on the open chunk if it finished its choice with `finish_reason: "error"`, and
   * says whether it did; if not, the error is the caller's to write.
   */
  attachError(error: JsonValue): boolean {
    // OpenRouter's form: the error shares the chunk of the choice it ended.
    if (
      this.#open &&
      this.#stage >= FINISH &&
      this.#stage < ERROR &&
      this.#entry !== undefined &&
      this.#entry.finish_reason === "error"
    ) {
      this.#error = error;
      this.#stage = ERROR;
      return true;
    }
    return false;
  }

  /** Something written outside any chunk (a trailer, a comment, `[DONE]`): chunks go first. */
  standalone(text: string): void {
    this.flush();
    this.#write(text);
  }

  /** Writes everything assembled so far. */
  flush(): void {
    this.#closeChunk();
    this.#writePrefix();
    this.#plainWriter.close();
  }

  /**
   * Makes the open chunk the place for a part of `choice`, starting a new one if need be. A
   * chunk carries one piece of content (reasoning, text, refusal or a tool-call fragment), as
   * OpenAI's do: what leads it (role, extras) and what trails it (logprobs, finish, usage) join.
   */
  #part(choice: number, stage: number): void {
    if (this.#joins(choice, stage)) {
      if (this.#plain) this.#materialize();
      this.#stage = stage;
      this.#hasContent ||= isContent(stage);
      return;
    }
    this.#closeChunk();
    this.#openChoice(choice, stage);
  }

  /** Whether a part of `choice` at `stage` belongs in the open chunk. */
  #joins(choice: number, stage: number): boolean {
    if (!this.#open) return false;
    const index = this.#plain ? this.#plainChoice : this.#entry?.index;
    return index === choice && stage > this.#stage && !(isContent(stage) && this.#hasContent);
  }

  #openChoice(choice: number, stage: number): void {
    this.#open = true;
    this.#stage = stage;
    this.#hasContent = isContent(stage);
    this.#delta = {};
    this.#entry = { index: choice, delta: this.#delta, finish_reason: null };
  }

  /** The plain chunk as the objects every other path works on. */
  #materialize(): void {
    this.#plain = false;
    this.#delta = { [this.#plainKey]: this.#plainText };
    this.#entry = { index: this.#plainChoice, delta: this.#delta, finish_reason: null };
  }

  #closeChunk(): void {
    if (this.#open) this.#writeChunk();
  }

  /** Writes a metadata change or response extra that no chunk has carried yet. */
  #writePrefix(): void {
    if (this.#metaDirty || this.#pendingExtra !== undefined) {
      this.#open = true;
      this.#writeChunk();
    }
  }

  /**
   * Writes the open chunk. JSON.stringify never writes a raw line break, so the text is one
   * `data:` line as it is (no scan for line breaks). A plain chunk is written by `#plainWriter`,
   * without building or stringifying any object.
   */
  #writeChunk(): void {
    if (this.#plain) {
      if (this.#pendingExtra === undefined) {
        this.#plain = false;
        this.#metaDirty = false;
        this.#open = false;
        this.#stage = 0;
        this.#plainWriter.write(this.#prefix, this.#plainChoice, this.#plainKey, this.#plainText);
        return;
      }
      this.#materialize();
    }
    let json: string;
    if (this.#pendingExtra === undefined) {
      json = this.#prefix;
    } else {
      json = JSON.stringify({ ...this.#stamp, ...this.#pendingExtra }).slice(0, -1);
      this.#pendingExtra = undefined;
    }
    const entry = this.#entry;
    json += entry === undefined ? ',"choices":[]' : `,"choices":[${JSON.stringify(entry)}]`;
    if (this.#usage !== undefined) json += `,"usage":${JSON.stringify(this.#usage)}`;
    if (this.#billing !== undefined) json += `,"billing":${JSON.stringify(this.#billing)}`;
    if (this.#receipt !== undefined) json += `,"receipt_id":${JSON.stringify(this.#receipt)}`;
    if (this.#error !== undefined) json += `,"error":${JSON.stringify(this.#error)}`;
    this.#plainWriter.close();
    this.#write(`data: ${json}}\n\n`);
    this.#metaDirty = false;
    this.#open = false;
    this.#stage = 0;
    this.#entry = undefined;
    this.#usage = undefined;
    this.#billing = undefined;
    this.#receipt = undefined;
    this.#error = undefined;
  }
}

function isContent(stage: number): boolean {
  return stage >= REASONING && stage <= TOOL_CALLS;
}
