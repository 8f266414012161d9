import { errorEvent } from "../errors/stream-error.js";
import type { ErrorEvent } from "../events/stream-event.js";
import type { Framing } from "../framing/framings.js";
import type { WireMessage } from "../framing/wire-message.js";
import type { AnyDialect, Detection } from "./dialect.js";

/** What dialect detection is given: the installed dialects' view of the stream so far. */
export interface DialectDetectionInput {
  /** The response's content type, if known. */
  contentType: string | undefined;
  /** The framing, from the content type or the first bytes. */
  framing: Framing;
  /** The first messages of the stream, in order. */
  messages: readonly WireMessage[];
  /**
   * No more messages will be seen (the input ended, or the detection limit was reached): an
   * `undecided` answer then becomes an error instead of a wait.
   */
  final: boolean;
}

/** The outcome of dialect detection. */
export type DialectDetection =
  | { status: "found"; dialect: AnyDialect }
  | { status: "undecided" }
  | { status: "failed"; error: ErrorEvent };

/** Longest excerpt of the stream quoted in an `unknown-dialect` error. */
const EXCERPT = 120;

/**
 * Picks the one dialect among `dialects` that the stream is, never guessing: only dialects of the
 * stream's framing are candidates, and exactly one of them must answer `yes` to its first
 * messages. Two `yes` answers (ambiguous), only `no` answers, no candidate, or no `yes` by the
 * final call fail with an `unknown-dialect` error that names the content type, the start of the
 * first message and every candidate's answer. A dialect without a detector always answers
 * `undecided`, so it is never picked on a guess.
 *
 * @example
 * ```ts
 * const result = detectDialect([openai, elumenta], {
 *   contentType: "text/event-stream",
 *   framing: sseFraming,
 *   messages: [{ data: '{"type":"generation_start","id":"gen_1","model":"gpt-5"}' }],
 *   final: false,
 * });
 * if (result.status === "found") console.log(result.dialect.name); // "elumenta"
 * ```
 */
export function detectDialect(
  dialects: readonly AnyDialect[],
  input: DialectDetectionInput,
): DialectDetection {
  const candidates = dialects.filter((dialect) => dialect.framing.name === input.framing.name);
  const seen = describeSeen(input);
  if (candidates.length === 0) {
    const installed = dialects.map((d) => `${d.name} (${d.framing.name})`).join(", ") || "none";
    return failed(
      `Could not recognise the stream's dialect: it is ${framingName(input.framing)}, and no installed dialect reads that (installed: ${installed}); saw ${seen.text}`,
      { ...seen.data, candidates: {} },
    );
  }
  const detectionInput = { contentType: input.contentType, messages: input.messages };
  const answers = candidates.map((dialect) => ({
    dialect,
    answer: (dialect.detect?.(detectionInput) ?? "undecided") as Detection,
  }));
  const answersData = Object.fromEntries(answers.map((a) => [a.dialect.name, a.answer]));
  const answersText = answers.map((a) => `${a.dialect.name}: ${a.answer}`).join(", ");
  const yes = answers.filter((a) => a.answer === "yes");
  if (yes.length > 1) {
    return failed(
      `The stream's dialect is ambiguous: ${yes.map((a) => a.dialect.name).join(" and ")} each claim it (${answersText}); saw ${seen.text}`,
      { ...seen.data, candidates: answersData },
    );
  }
  if (yes.length === 1) return { status: "found", dialect: yes[0]!.dialect };
  if (!input.final && answers.some((a) => a.answer === "undecided")) return { status: "undecided" };
  return failed(
    `Could not recognise the stream's dialect after ${input.messages.length} message(s) (${answersText}); saw ${seen.text}`,
    { ...seen.data, candidates: answersData },
  );
}

function failed(message: string, data: Record<string, string | null | Record<string, string>>) {
  return { status: "failed", error: unknownDialect(message, data) } as const;
}

/** The `unknown-dialect` error event, for callers that fail before any message (empty input). */
export function unknownDialect(
  message: string,
  data: Record<string, string | null | Record<string, string>>,
): ErrorEvent {
  return errorEvent("unknown-dialect", message, data);
}

function framingName(framing: Framing): string {
  return framing.name;
}

/** What was seen, for the error: the content type and the start of the first message. */
function describeSeen(input: DialectDetectionInput): {
  text: string;
  data: Record<string, string | null>;
} {
  const first = input.messages[0];
  const start =
    first === undefined
      ? null
      : (first.event === undefined ? "" : `event: ${first.event} `) + excerpt(first.data);
  const contentType = input.contentType ?? null;
  return {
    text: `content type ${contentType ?? "(none)"}, ${start === null ? "no message" : `first message ${JSON.stringify(start)}`}`,
    data: { contentType, framing: input.framing.name, firstMessage: start },
  };
}

/** The start of a text, at most {@link EXCERPT} characters, marked when cut. */
export function excerpt(text: string): string {
  return text.length > EXCERPT ? `${text.slice(0, EXCERPT)}…` : text;
}
