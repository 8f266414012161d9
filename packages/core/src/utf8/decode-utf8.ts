/**
 * Streaming UTF-8 decoding that reports invalid bytes at their exact place.
 *
 * TextDecoder's fatal mode throws for a whole chunk, so the events before the bad bytes would
 * be lost and the error's place would depend on how the stream was split. Instead we decode
 * leniently (the native fast path) and only when the text contains U+FFFD do we find, with a
 * validator over the chunk (plus the incomplete sequence carried from the previous chunk),
 * where the first invalid sequence starts: the text before it is delivered, then the error,
 * then the rest, with the bad bytes replaced by U+FFFD. Only the first invalid sequence of a
 * stream is reported; a binary body would otherwise flood the consumer.
 */
export interface Utf8Sink {
  text(text: string): void;
  invalid(): void;
}

const REPLACEMENT = "\uFFFD";

export class Utf8Decoder {
  #decoder = new TextDecoder("utf-8");
  /** Bytes of an incomplete sequence at the end of what was decoded so far (at most 3). */
  #carry: Uint8Array = new Uint8Array(0);
  #reported = false;
  readonly #sink: Utf8Sink;

  constructor(sink: Utf8Sink) {
    this.#sink = sink;
  }

  push(chunk: Uint8Array): void {
    const text = this.#decoder.decode(chunk, { stream: true });
    if (this.#reported || !text.includes(REPLACEMENT)) {
      this.#carry = nextCarry(this.#carry, chunk);
      if (text !== "") this.#sink.text(text);
      return;
    }
    const bytes = concat(this.#carry, chunk);
    const bad = findInvalidUtf8(bytes);
    this.#carry = incompleteTail(bytes);
    if (bad === -1) {
      // Every U+FFFD was sent as such.
      this.#sink.text(text);
      return;
    }
    this.#reported = true;
    const before = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes.subarray(0, bad));
    if (before !== "") this.#sink.text(before);
    this.#sink.invalid();
    this.#decoder = new TextDecoder("utf-8", { ignoreBOM: true });
    const after = this.#decoder.decode(bytes.subarray(bad), { stream: true });
    if (after !== "") this.#sink.text(after);
  }

  /** Flushes; an incomplete sequence at the end of the input is invalid. */
  end(): void {
    const text = this.#decoder.decode();
    if (this.#carry.length > 0 && !this.#reported) {
      this.#reported = true;
      this.#sink.invalid();
    }
    if (text !== "") this.#sink.text(text);
    this.#carry = new Uint8Array(0);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function nextCarry(carry: Uint8Array, chunk: Uint8Array): Uint8Array {
  const last = chunk[chunk.length - 1];
  // ASCII at the end (the common case): nothing is pending.
  if (last === undefined) return carry;
  if (last < 0x80 && chunk.length > 0) return EMPTY;
  if (chunk.length >= 4) return incompleteTail(chunk);
  return incompleteTail(concat(carry, chunk));
}

const EMPTY = new Uint8Array(0);

function sequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** The bytes of a sequence that is still incomplete at the end of `bytes`. */
export function incompleteTail(bytes: Uint8Array): Uint8Array {
  const end = bytes.length;
  for (let i = end - 1; i >= 0 && i >= end - 3; i--) {
    const b = bytes[i]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const length = sequenceLength(b);
    return length > end - i ? bytes.slice(i) : EMPTY;
  }
  return EMPTY;
}

/**
 * The offset of the first invalid UTF-8 sequence, or -1. A sequence that is merely incomplete at
 * the end is not invalid (its remaining bytes may come in the next chunk).
 */
export function findInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const length = sequenceLength(b);
    if (length === 0) return i;
    // The second byte's range excludes overlong forms and surrogates (RFC 3629, section 4).
    const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k < length; k++) {
      if (i + k >= n) return -1;
      const c = bytes[i + k]!;
      if (k === 1 ? c < lo || c > hi : (c & 0xc0) !== 0x80) return i;
    }
    i += length;
  }
  return -1;
}
