import { dialectNames } from "./dialect-registry.js";
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
    case undefined:
      return `Usage: sse-dialects <command> [FILE|-] [options]

Decodes any LLM provider's streaming output into one event model, and re-encodes it.

Commands:
  convert [FILE|-] --from <dialect|auto> --to <dialect>   re-encode the stream
  events  [FILE|-] --from <dialect|auto>                  print normalized events (JSON lines)
  collect [FILE|-] --from <dialect|auto>                  print one chat.completion object

Dialects: ${dialects()} (and auto for --from)

Run "sse-dialects <command> --help" for a command's details.
`;
  }
}
