import { dialectNames } from "@sse-dialects/registry/loaders";
import type { CommandName } from "./parse-cli-args.js";

const EXIT = `Exit status: 0 when the stream ended properly; 1 when it ended with an error or was
cut off (the partial result is still written, and the error is on standard error);
2 for a usage error (unknown command, flag or dialect; unreadable FILE).`;

function dialects(): string {
  return dialectNames().join(", ");
}

/**
 * The help of one command, or of the whole tool.
 *
 * @example
 * ```ts
 * process.stdout.write(helpText("convert"));
 * ```
 */
export function helpText(topic: CommandName | undefined): string {
  switch (topic) {
    case "convert":
      return `Usage: sse-dialects convert [FILE|-] --to <dialect> [--from <dialect|auto>]

Re-encodes an LLM stream into another dialect, writing each event as soon as it is decoded.
FILE is read, or standard input when FILE is - or absent. --from defaults to auto: the dialect
is detected from the first events.

Dialects: ${dialects()}

Example:
  sse-dialects convert fixtures/elumenta/plain.sse --from elumenta --to openai

${EXIT}
`;
    case "events":
      return `Usage: sse-dialects events [FILE|-] [--from <dialect|auto>]

Writes the stream's normalized events, one JSON object per line, as they arrive.

Dialects: ${dialects()}

Example:
  sse-dialects events fixtures/elumenta/plain.sse --from elumenta

${EXIT}
`;
    case "collect":
      return `Usage: sse-dialects collect [FILE|-] [--from <dialect|auto>]

Writes one OpenAI chat.completion JSON object: what a non-streaming request would have
returned (content, reasoning_content, refusal, tool_calls, finish_reason, usage), plus
receipt_id, billing and error when the stream carried them.

Dialects: ${dialects()}

Example:
  sse-dialects collect fixtures/elumenta/plain.sse --from auto

${EXIT}
`;
    case "proxy":
      return `Usage: sse-dialects proxy --config FILE [--port N] [--host HOST] [options]
       sse-dialects proxy --upstream URL [--from <dialect|auto>] [--port N] [--host HOST]
                         [--api-key-env NAME] [--forward-authorization]
                         [--idle-timeout MS] [--max-body BYTES] [--max-connections N]

Serves every provider API in front of the upstreams: OpenAI POST /v1/chat/completions and
/v1/responses, Anthropic /v1/messages, Gemini /v1beta/models/{model}:streamGenerateContent
and :generateContent, Ollama /api/chat and /api/generate, GET /v1/models and /api/tags. Each
request is routed by its model, translated to the upstream's dialect, and answered in the
client's own dialect (its stream, its non-streaming JSON, its errors). One line per request
is logged on standard output (status, dialect, events, duration), with keys redacted. Runs
until interrupted.

  --config FILE             the gateway configuration (JSON): upstreams (name, dialect,
                            baseUrl, apiKeyEnv) and routes (model or prefix → upstream);
                            every bad field is named. See the proxy package's README.
  --upstream URL            shorthand for one upstream: its endpoint, in full
  --from <dialect|auto>     the upstream's dialect (default auto: detected from its answer)
  --port N                  default 8787; 0 picks a free port
  --host HOST               default 127.0.0.1
  --api-key-env NAME        send the key in environment variable NAME as Authorization: Bearer
  --forward-authorization   pass the client's credentials (Authorization, api-key, x-api-key,
                            x-goog-api-key, anthropic-api-key, openai-organization,
                            openai-project) on to the upstream; by default none is
  --idle-timeout MS         upstream silence, or a client reading nothing, that ends a
                            request (default 60000; 0: none)
  --max-body BYTES          larger request bodies get 413 (default 4194304)
  --max-connections N       one more client connection gets 503 (default 256)

Also bounded (see the proxy package's README, "Hostile input"): request headers 10 s and
body 30 s (408), upstream error bodies read up to 64 KiB, stream: false answers collected
up to 32 MiB (502). The upstream must be http: or https:, without user:password@.

Dialects: ${dialects()}

Example:
  ELUMENTA_API_KEY=nb_… sse-dialects proxy --upstream https://elumenta.ru/api/v2/generate \\
    --from elumenta --api-key-env ELUMENTA_API_KEY --port 8787

Exit status: 0 when stopped by SIGINT or SIGTERM; 1 when it cannot listen; 2 for a usage error.
`;
    case undefined:
      return `Usage: sse-dialects <command> [FILE|-] [options]

Decodes any LLM provider's streaming output into one event model, and re-encodes it.

Commands:
  convert [FILE|-] --from <dialect|auto> --to <dialect>   re-encode the stream
  events  [FILE|-] --from <dialect|auto>                  print normalized events (JSON lines)
  collect [FILE|-] --from <dialect|auto>                  print one chat.completion object
  proxy   --upstream URL --from <dialect|auto> --port N   serve OpenAI /v1/chat/completions

Dialects: ${dialects()} (and auto for --from)

Options:
  -h, --help      this help ("sse-dialects <command> --help": a command's details)
  -v, --version   the version of sse-dialects

Run "sse-dialects <command> --help" for a command's details.
`;
  }
}
