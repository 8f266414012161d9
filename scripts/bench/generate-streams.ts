/**
 * Deterministic generators of large wire streams for the benchmark. They write the wire by
 * template, independently of the project's encoders, so the benchmark's input does not depend on
 * the code it measures. The same seed gives the same bytes on every run and machine.
 */

/** A small deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  "the",
  " quick",
  " brown",
  " fox",
  " jumps",
  " over",
  " lazy",
  " dog",
  ",",
  " é",
  " 日本",
  " 🦀",
  "\\n",
  ' \\"q\\"',
];

const ARG_WORDS = ["alpha", " beta", " gamma", "-delta", " 42", " é", " 日本"];

function word(next: () => number): string {
  return WORDS[Math.floor(next() * WORDS.length)]!;
}

const HEAD =
  '{"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1700000000,"model":"gpt-bench","system_fingerprint":"fp_bench","choices":[';

/** An OpenAI chat-chunk text stream: role chunk, `chunks` content chunks, finish, usage, `[DONE]`. */
export function openaiTextStream(chunks: number, seed = 1): string {
  const next = random(seed);
  const parts: string[] = [
    `data: ${HEAD}{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}\n\n`,
  ];
  for (let i = 0; i < chunks; i++) {
    parts.push(
      `data: ${HEAD}{"index":0,"delta":{"content":"${word(next)}${word(next)}"},"logprobs":null,"finish_reason":null}]}\n\n`,
    );
  }
  parts.push(`data: ${HEAD}{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}\n\n`);
  parts.push(
    `data: ${HEAD.replace('"choices":[', '"choices":[],')}"usage":{"prompt_tokens":10,"completion_tokens":${chunks},"total_tokens":${chunks + 10}}}\n\n`,
  );
  parts.push("data: [DONE]\n\n");
  return parts.join("");
}

/** An OpenAI stream of parallel tool calls: `chunks` argument fragments spread over 4 calls. */
export function openaiToolStream(chunks: number, seed = 2): string {
  const next = random(seed);
  const calls = 4;
  const parts: string[] = [
    `data: ${HEAD}{"index":0,"delta":{"role":"assistant","content":null},"logprobs":null,"finish_reason":null}]}\n\n`,
  ];
  for (let c = 0; c < calls; c++) {
    parts.push(
      `data: ${HEAD}{"index":0,"delta":{"tool_calls":[{"index":${c},"id":"call_${c}","type":"function","function":{"name":"lookup_${c}","arguments":""}}]},"logprobs":null,"finish_reason":null}]}\n\n`,
    );
  }
  for (let i = 0; i < chunks; i++) {
    const c = i % calls;
    // Argument fragments are pieces of a JSON string inside a JSON string: plain words only.
    const fragment = i < calls ? `{\\"q\\":\\"` : ARG_WORDS[Math.floor(next() * ARG_WORDS.length)]!;
    parts.push(
      `data: ${HEAD}{"index":0,"delta":{"tool_calls":[{"index":${c},"function":{"arguments":"${fragment}"}}]},"logprobs":null,"finish_reason":null}]}\n\n`,
    );
  }
  for (let c = 0; c < calls; c++) {
    parts.push(
      `data: ${HEAD}{"index":0,"delta":{"tool_calls":[{"index":${c},"function":{"arguments":"\\"}"}}]},"logprobs":null,"finish_reason":null}]}\n\n`,
    );
  }
  parts.push(
    `data: ${HEAD}{"index":0,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}]}\n\n`,
  );
  parts.push("data: [DONE]\n\n");
  return parts.join("");
}

/** An Elumenta typed-event stream: start, `chunks` content deltas, end with billing, `[DONE]`. */
export function elumentaTextStream(chunks: number, seed = 3): string {
  const next = random(seed);
  const parts: string[] = [
    'data: {"type":"generation_start","id":"gen_bench","model":"gpt-5"}\n\n',
  ];
  for (let i = 0; i < chunks; i++) {
    parts.push(`data: {"type":"content_delta","delta":"${word(next)}${word(next)}"}\n\n`);
  }
  parts.push(
    `data: {"type":"generation_end","id":"gen_bench","tokens_used":${chunks},"balance_remaining":1000}\n\n`,
  );
  parts.push("data: [DONE]\n\n");
  return parts.join("");
}

/** Cuts a stream into network-sized pieces (4 KiB), splitting events and characters anywhere. */
export function toPieces(text: string, size = 4096): Uint8Array[] {
  const bytes = new TextEncoder().encode(text);
  const pieces: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) pieces.push(bytes.subarray(i, i + size));
  return pieces;
}

/**
 * An endless-feeling stream of `totalBytes`, produced piece by piece (64 KiB, cut anywhere, even
 * inside an event or a character, as network reads are) and never held whole: for the memory
 * check, which must see flat memory however long the stream is.
 *
 * The generator itself allocates next to nothing: the bytes of every possible content event
 * (two words of WORDS) are encoded once and copied into each piece. Building each piece as a
 * string and encoding it allocated as much per piece as the pipeline under test, and that is
 * not what the check measures.
 */
export function* generateLongStream(
  dialect: "openai" | "elumenta",
  totalBytes: number,
  seed = 4,
): Generator<Uint8Array> {
  const next = random(seed);
  const utf8 = new TextEncoder();
  const event =
    dialect === "openai"
      ? (text: string) =>
          `data: ${HEAD}{"index":0,"delta":{"content":"${text}"},"logprobs":null,"finish_reason":null}]}\n\n`
      : (text: string) => `data: {"type":"content_delta","delta":"${text}"}\n\n`;
  const events = WORDS.map((first) => WORDS.map((second) => utf8.encode(event(first + second))));
  const head =
    dialect === "openai"
      ? `data: ${HEAD}{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}\n\n`
      : 'data: {"type":"generation_start","id":"gen_long","model":"gpt-5"}\n\n';
  const tail =
    dialect === "openai"
      ? `data: ${HEAD}{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n`
      : 'data: {"type":"generation_end","id":"gen_long","tokens_used":1,"balance_remaining":1}\n\ndata: [DONE]\n\n';
  const size = 64 * 1024;
  let piece = new Uint8Array(size);
  let filled = 0;
  let sent = 0;
  // Copies `bytes` into pieces, yielding each piece as it fills.
  function* put(bytes: Uint8Array): Generator<Uint8Array> {
    let from = 0;
    while (from < bytes.length) {
      const n = Math.min(size - filled, bytes.length - from);
      piece.set(bytes.subarray(from, from + n), filled);
      filled += n;
      from += n;
      if (filled === size) {
        // A fresh piece each time: the consumer may hold on to the one it was given.
        const full = piece;
        piece = new Uint8Array(size);
        filled = 0;
        sent += size;
        yield full;
      }
    }
  }
  yield* put(utf8.encode(head));
  while (sent < totalBytes) {
    const pick = () => Math.floor(next() * WORDS.length);
    yield* put(events[pick()]![pick()]!);
  }
  yield* put(utf8.encode(tail));
  if (filled > 0) yield piece.subarray(0, filled);
}

const ANTHROPIC_START =
  'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_bench","type":"message","role":"assistant","model":"claude-bench","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":10,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1}}}\n\n';

function anthropicEnd(stopReason: string, output: number): string {
  return `event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"${stopReason}","stop_sequence":null},"usage":{"output_tokens":${output}}}\n\nevent: message_stop\ndata: {"type":"message_stop"}\n\n`;
}

/** An Anthropic Messages text stream: message_start, one text block of `chunks` deltas, the end. */
export function anthropicTextStream(chunks: number, seed = 4): string {
  const next = random(seed);
  const parts: string[] = [
    ANTHROPIC_START,
    'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n',
    'event: ping\ndata: {"type": "ping"}\n\n',
  ];
  for (let i = 0; i < chunks; i++) {
    parts.push(
      `event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"${word(next)}${word(next)}"}}\n\n`,
    );
  }
  parts.push('event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n');
  parts.push(anthropicEnd("end_turn", chunks));
  return parts.join("");
}

/** An Anthropic stream of 4 tool_use blocks, one after another, with `chunks` fragments in all. */
export function anthropicToolStream(chunks: number, seed = 5): string {
  const next = random(seed);
  const calls = 4;
  const parts: string[] = [ANTHROPIC_START];
  for (let c = 0; c < calls; c++) {
    parts.push(
      `event: content_block_start\ndata: {"type":"content_block_start","index":${c},"content_block":{"type":"tool_use","id":"toolu_${c}","name":"lookup_${c}","input":{}}}\n\n`,
    );
    for (let i = 0; i < chunks / calls; i++) {
      const fragment = i === 0 ? `{\\"q\\":\\"` : ARG_WORDS[Math.floor(next() * ARG_WORDS.length)]!;
      parts.push(
        `event: content_block_delta\ndata: {"type":"content_block_delta","index":${c},"delta":{"type":"input_json_delta","partial_json":"${fragment}"}}\n\n`,
      );
    }
    parts.push(
      `event: content_block_delta\ndata: {"type":"content_block_delta","index":${c},"delta":{"type":"input_json_delta","partial_json":"\\"}"}}\n\nevent: content_block_stop\ndata: {"type":"content_block_stop","index":${c}}\n\n`,
    );
  }
  parts.push(anthropicEnd("tool_use", chunks));
  return parts.join("");
}
