import type { Write } from "../dialect/dialect.js";

/** The scratch buffer's starting size: an OpenAI chunk batch for a 16 KiB network read fits. */
const INITIAL_CAPACITY = 64 * 1024;
/** A buffer grown past this (one huge input chunk) is let go after its batch, not kept. */
const KEEP_CAPACITY = 1024 * 1024;
/** Strings up to this length are encoded by the loop below; longer ones by `encodeInto`. */
const SHORT = 256;
/** What a lone surrogate becomes in UTF-8 (as TextEncoder writes it). */
const REPLACEMENT = "\uFFFD";
/** At most this many reusable strings keep their bytes (a chunk prefix or two per stream). */
const MAX_REUSABLE = 8;

/**
 * Collects what an encoder writes as UTF-8 bytes, one batch per input chunk: the pipelines'
 * output side (`convert`, `convertStream`, `encode`, `encodeStream`).
 *
 * Why not `TextEncoder.encode(batch)` on the concatenated text: measured on Node 20, a batch
 * holding any non-Latin-1 character (most real text) is a two-byte string, and flattening that
 * rope and then encoding it cost more than the whole decode of an Elumenta stream. Encoding each
 * written piece into one reused buffer costs a fraction of that and allocates nothing per event
 * but the output chunk itself. Encoders mark the strings they write again and again (OpenAI's
 * chunk prefix, ~200 bytes on every chunk) as `reusable`: their bytes are encoded once and then
 * copied.
 *
 * @example
 * ```ts
 * const batch = new Utf8Batch();
 * const encoder = createStreamEncoder(openai, batch.write);
 * for (const event of events) encoder.push(event);
 * encoder.flush();
 * const bytes = batch.take(); // Uint8Array | undefined
 * ```
 */
export class Utf8Batch {
  #buffer = new Uint8Array(INITIAL_CAPACITY);
  #length = 0;
  /**
   * The reusable strings seen last and their bytes. A short list searched in order, not a Map:
   * the encoder passes the very same string object each time, so the first comparison is a
   * pointer comparison, where a Map lookup hashes.
   */
  readonly #reusableText: string[] = [];
  readonly #reusableBytes: Uint8Array[] = [];
  #nextSlot = 0;
  readonly #utf8 = new TextEncoder();

  /**
   * A high surrogate that ended the last write, held for the low one the next write may start
   * with (a pair split between two writes is one character, as `TextEncoder` writes the joined
   * text); 0 when none.
   */
  #high = 0;

  /** The encoder's `Write`: appends `text`'s UTF-8 bytes to the batch. */
  readonly write: Write = (text, reusable) => {
    if (text.length === 0) return;
    if (this.#high !== 0) {
      const low = text.charCodeAt(0);
      const paired = low >= 0xdc00 && low <= 0xdfff;
      this.#encode(paired ? String.fromCharCode(this.#high, low) : REPLACEMENT);
      this.#high = 0;
      if (paired) {
        text = text.slice(1);
        reusable = false;
      }
    }
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.#high = last;
      text = text.slice(0, -1);
      reusable = false;
    }
    if (reusable === true) this.#copy(this.#bytesOf(text));
    else this.#encode(text);
  };

  #bytesOf(text: string): Uint8Array {
    const texts = this.#reusableText;
    for (let i = 0; i < texts.length; i++) if (texts[i] === text) return this.#reusableBytes[i]!;
    // Metadata that changes on every chunk would make every prefix new: slots are reused in turn.
    const slot = this.#nextSlot;
    this.#nextSlot = (slot + 1) % MAX_REUSABLE;
    const bytes = this.#utf8.encode(text);
    texts[slot] = text;
    this.#reusableBytes[slot] = bytes;
    return bytes;
  }

  #copy(bytes: Uint8Array): void {
    this.#reserve(bytes.length);
    this.#buffer.set(bytes, this.#length);
    this.#length += bytes.length;
  }

  /** The batch's bytes (a copy the caller owns), or `undefined` if nothing was written; resets. */
  take(): Uint8Array | undefined {
    // A high surrogate nothing followed in this batch is lone: U+FFFD, as TextEncoder writes it.
    if (this.#high !== 0) {
      this.#high = 0;
      this.#encode(REPLACEMENT);
    }
    if (this.#length === 0) return undefined;
    const out = this.#buffer.slice(0, this.#length);
    this.#length = 0;
    if (this.#buffer.length > KEEP_CAPACITY) this.#buffer = new Uint8Array(INITIAL_CAPACITY);
    return out;
  }

  #reserve(bytes: number): void {
    const needed = this.#length + bytes;
    if (needed <= this.#buffer.length) return;
    let capacity = this.#buffer.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.#buffer.subarray(0, this.#length));
    this.#buffer = grown;
  }

  #encode(text: string): void {
    const n = text.length;
    // Three bytes per UTF-16 unit at most (a surrogate pair is two units for four bytes).
    this.#reserve(n * 3);
    const buffer = this.#buffer;
    if (n > SHORT) {
      this.#length += this.#utf8.encodeInto(text, buffer.subarray(this.#length)).written;
      return;
    }
    // Short strings (a delta, a closing brace): a plain loop beats a native call and a view.
    // ASCII first, in a loop that does nothing else; the general one takes over at the first
    // character that is not.
    let at = this.#length;
    let i = 0;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80) break;
      buffer[at++] = c;
    }
    for (; i < n; i++) {
      let c = text.charCodeAt(i);
      if (c < 0x80) {
        buffer[at++] = c;
        continue;
      }
      if (c < 0x800) {
        buffer[at++] = 0xc0 | (c >> 6);
        buffer[at++] = 0x80 | (c & 0x3f);
        continue;
      }
      if (c >= 0xd800 && c <= 0xdfff) {
        const low = i + 1 < n ? text.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
          const point = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
          buffer[at++] = 0xf0 | (point >> 18);
          buffer[at++] = 0x80 | ((point >> 12) & 0x3f);
          buffer[at++] = 0x80 | ((point >> 6) & 0x3f);
          buffer[at++] = 0x80 | (point & 0x3f);
          i++;
          continue;
        }
        // A lone surrogate becomes U+FFFD, as TextEncoder writes it.
        c = 0xfffd;
      }
      buffer[at++] = 0xe0 | (c >> 12);
      buffer[at++] = 0x80 | ((c >> 6) & 0x3f);
      buffer[at++] = 0x80 | (c & 0x3f);
    }
    this.#length = at;
  }
}
