/**
 * Small hand-written streams, one per framing, with multi-byte characters so that byte splits
 * cut through UTF-8 sequences. Wire shapes from the providers' public API references.
 */

const chunk = (choices: string) =>
  `data: {"id":"chatcmpl-rt1","object":"chat.completion.chunk","created":1767225600,"model":"gpt-test","choices":[${choices}]}\n\n`;

/** OpenAI chat chunks: text, one tool call in two fragments, finish, a usage chunk, `[DONE]`. */
export const OPENAI_SSE =
  chunk(`{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}`) +
  chunk(`{"index":0,"delta":{"content":"Héllo, "},"finish_reason":null}`) +
  chunk(`{"index":0,"delta":{"content":"wörld 🌍"},"finish_reason":null}`) +
  chunk(
    `{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_rt1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":"}}]},"finish_reason":null}`,
  ) +
  chunk(
    `{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\\"Zürich\\"}"}}]},"finish_reason":null}`,
  ) +
  chunk(`{"index":0,"delta":{},"finish_reason":"tool_calls"}`) +
  `data: {"id":"chatcmpl-rt1","object":"chat.completion.chunk","created":1767225600,"model":"gpt-test","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":7,"total_tokens":12}}\n\n` +
  "data: [DONE]\n\n";

const anthropicEvent = (name: string, data: string) => `event: ${name}\ndata: ${data}\n\n`;

/** Anthropic Messages: a thinking block with its signature, a text block, stop and usage. */
export const ANTHROPIC_SSE =
  anthropicEvent(
    "message_start",
    `{"type":"message_start","message":{"id":"msg_rt1","type":"message","role":"assistant","model":"claude-test","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":9,"output_tokens":1}}}`,
  ) +
  anthropicEvent(
    "content_block_start",
    `{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}`,
  ) +
  anthropicEvent(
    "content_block_delta",
    `{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Brief thought."}}`,
  ) +
  anthropicEvent(
    "content_block_delta",
    `{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"c2lnbmF0dXJl"}}`,
  ) +
  anthropicEvent("content_block_stop", `{"type":"content_block_stop","index":0}`) +
  anthropicEvent(
    "content_block_start",
    `{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}`,
  ) +
  anthropicEvent("ping", `{"type":"ping"}`) +
  anthropicEvent(
    "content_block_delta",
    `{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Bonjour ☀ à tous"}}`,
  ) +
  anthropicEvent("content_block_stop", `{"type":"content_block_stop","index":1}`) +
  anthropicEvent(
    "message_delta",
    `{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":6}}`,
  ) +
  anthropicEvent("message_stop", `{"type":"message_stop"}`);

/** Ollama `/api/chat` NDJSON: two content lines and the `done` line with its counts. */
export const OLLAMA_NDJSON =
  `{"model":"llama-test","created_at":"2026-01-01T00:00:00Z","message":{"role":"assistant","content":"Grüß"},"done":false}\n` +
  `{"model":"llama-test","created_at":"2026-01-01T00:00:00Z","message":{"role":"assistant","content":" dich 👋"},"done":false}\n` +
  `{"model":"llama-test","created_at":"2026-01-01T00:00:01Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":3,"eval_count":2}\n`;
