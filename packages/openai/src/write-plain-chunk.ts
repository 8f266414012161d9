import type { Write } from "@sse-dialects/core";
import { jsonStringBody } from "@sse-dialects/core";

/** The end of a plain chunk: its string, delta, choice, choices and chunk closed. */
const CLOSE_PLAIN_CHUNK = '"},"finish_reason":null}]}\n\n';

/**
 * Writes plain chunks: one choice whose delta is one string field, the chunk nearly every event
 * makes.
 *
 * A plain chunk is written without building or stringifying any object (`JSON.stringify` of the
 * entry was a third of the encoder's time): a cached, `reusable` opening
 * (`data: {…,"choices":[{"index":0,"delta":{"content":"`, ~200 bytes, the same on every chunk
 * until the metadata changes), the text, escaped only if it needs to be, and a constant close.
 */
export class PlainChunkWriter {
  readonly #write: Write;
  /** What `#opening` built last, for the prefix, choice and key it was built for. */
  #open = "";
  #openAfterClose = "";
  #openPrefix = "";
  #openChoice = -1;
  #openKey = "";
  /** A plain chunk was written but for its close (see `write`). */
  #closePending = false;

  constructor(write: Write) {
    this.#write = write;
  }

  /** Writes a plain chunk: `prefix` (the chunk's JSON up to `choices`), then `text` as `key`. */
  write(prefix: string, choice: number, key: string, text: string): void {
    // The close is written with the next chunk's opening, as one reusable string: the batch
    // then copies one cached piece per chunk, not two.
    const open = this.#opening(prefix, choice, key);
    this.#write(this.#closePending ? this.#openAfterClose : open, true);
    this.#write(jsonStringBody(text));
    this.#closePending = true;
  }

  /** Writes the close the last plain chunk still owes; due before anything else is written. */
  close(): void {
    if (!this.#closePending) return;
    this.#closePending = false;
    this.#write(CLOSE_PLAIN_CHUNK, true);
  }

  /**
   * The text of a plain chunk up to its string's opening quote (and, in `#openAfterClose`, the
   * same after the previous plain chunk's close), cached while they repeat.
   */
  #opening(prefix: string, choice: number, key: string): string {
    if (prefix !== this.#openPrefix || choice !== this.#openChoice || key !== this.#openKey) {
      this.#openPrefix = prefix;
      this.#openChoice = choice;
      this.#openKey = key;
      this.#open = `data: ${prefix},"choices":[{"index":${JSON.stringify(choice)},"delta":{${JSON.stringify(key)}:"`;
      this.#openAfterClose = CLOSE_PLAIN_CHUNK + this.#open;
    }
    return this.#open;
  }
}
