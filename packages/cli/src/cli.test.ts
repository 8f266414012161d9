import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { accumulate, type StreamEvent } from "@sse-dialects/core";
import {
  type Fixture,
  loadFixtures,
  type Meaning,
  meaningOf,
  parseEventLines,
} from "@sse-dialects/testkit";
import { describe, expect, it } from "vitest";
// What each dialect can express of a stream's meaning (the dialect packages' test support).
import { projectToElumenta } from "../../elumenta/src/test-support/project-elumenta-meaning.js";
import { projectToGemini } from "../../gemini/src/test-support/project-gemini-meaning.js";
import { projectToOllama } from "../../ollama/src/test-support/project-ollama-meaning.js";

/**
 * These tests run the real command, as `pnpm cli` does: a child process of
 * `node --import tsx packages/cli/src/bin.ts`, from the repository root.
 */
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const BIN = join(ROOT, "packages/cli/src/bin.ts");

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

function start(args: readonly string[]): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", BIN, ...args], { cwd: ROOT });
}

function finish(child: ChildProcess): Promise<Result> {
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (text: string) => {
    stdout += text;
  });
  child.stderr!.setEncoding("utf8").on("data", (text: string) => {
    stderr += text;
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** Runs the command with `stdin` as its standard input. */
function cli(args: readonly string[], stdin: string | Uint8Array = ""): Promise<Result> {
  const child = start(args);
  const done = finish(child);
  child.stdin!.end(stdin);
  return done;
}

/** Runs commands connected by pipes, as a shell's `a | b | c` does; resolves with each result. */
function pipeline(commands: readonly (readonly string[])[]): Promise<Result[]> {
  const children = commands.map(start);
  const results = children.map((child, i) => {
    // A child's stdout feeds the next one; only the last one's is collected.
    if (i < children.length - 1) child.stdout!.pipe(children[i + 1]!.stdin!);
    return finish(child);
  });
  children[0]!.stdin!.end();
  return Promise.all(results);
}

const exitStatusOf = (events: readonly StreamEvent[]) =>
  events[events.length - 1]?.type === "end" &&
  (events[events.length - 1] as { reason: string }).reason === "done"
    ? 0
    : 1;

const meaning = (events: StreamEvent[]) => meaningOf(accumulate(events));

describe("sse-dialects --help", () => {
  it("explains the tool and each command on standard output, with exit status 0", async () => {
    const [top, convert, events, collect] = await Promise.all([
      cli(["--help"]),
      cli(["convert", "--help"]),
      cli(["events", "-h"]),
      cli(["help", "collect"]),
    ]);
    expect(top).toMatchObject({ status: 0, stderr: "" });
    expect(top.stdout).toContain("Usage: sse-dialects <command>");
    expect(top.stdout).toMatch(/Dialects: openai, elumenta/);
    expect(convert.stdout).toContain("Usage: sse-dialects convert [FILE|-] --to <dialect>");
    expect(events.stdout).toContain("Usage: sse-dialects events");
    expect(collect.stdout).toContain("Usage: sse-dialects collect");
    for (const result of [convert, events, collect]) expect(result.status).toBe(0);
  });
});

describe("usage errors", () => {
  it("exit with status 2 and a clear message on standard error", async () => {
    const results = await Promise.all([
      cli(["events", "--frm", "elumenta"]),
      cli(["events", "--from", "cohere"]),
      cli(["convert", "--from", "elumenta", "--to", "auto"]),
      cli(["convert", "--from", "elumenta"]),
      cli(["events", "no/such/file.sse"]),
      cli(["frobnicate"]),
      cli([]),
    ]);
    for (const result of results) {
      expect(result.status).toBe(2);
      expect(result.stdout).toBe("");
    }
    const [flag, from, to, noTo, file, command, none] = results.map((r) => r.stderr);
    expect(flag).toContain("Unknown option --frm; did you mean --from?");
    expect(flag).toContain('Run "sse-dialects events --help"');
    expect(from).toContain(
      'Unknown dialect "cohere" for --from (known: openai, elumenta, anthropic, responses, gemini, ollama, auto)',
    );
    expect(to).toContain(
      'Unknown dialect "auto" for --to (known: openai, elumenta, anthropic, responses, gemini, ollama)',
    );
    expect(noTo).toContain("convert needs --to <dialect>");
    expect(file).toContain("Cannot read no/such/file.sse: no such file");
    expect(command).toContain('Unknown command "frobnicate"');
    expect(none).toContain("No command given");
  });
});

/** Each dialect's partner in the round trip A → B → A. */
const other = {
  elumenta: "openai",
  openai: "elumenta",
  gemini: "openai",
  ollama: "openai",
} as const;
type DialectName = keyof typeof other;
/**
 * What survives A → B → A, compared on both sides: what the narrower of A and B expresses
 * (OpenAI chat chunks express everything Elumenta, Gemini and Ollama name).
 */
const survives: Record<DialectName, (m: Meaning) => Meaning> = {
  elumenta: (m) => m,
  openai: projectToElumenta,
  gemini: (m) => projectToGemini(withOpenAIUsageCounts(m)),
  ollama: (m) => projectToOllama(withOpenAIUsageCounts(m)),
};

/** OpenAI's `usage` has all three counts: one a source did not send is written as 0. */
function withOpenAIUsageCounts(meaning: Meaning): Meaning {
  const usage = meaning.usage;
  if (usage === undefined) return meaning;
  const { promptTokens, completionTokens, totalTokens } = usage;
  if (promptTokens === undefined && completionTokens === undefined && totalTokens === undefined)
    return meaning;
  return {
    ...meaning,
    usage: {
      ...usage,
      promptTokens: promptTokens ?? 0,
      completionTokens: completionTokens ?? 0,
      totalTokens: totalTokens ?? (promptTokens ?? 0) + (completionTokens ?? 0),
    },
  };
}
/** Fixtures whose messages do not show their dialect: `--from auto` must refuse them. */
const undetectable = new Set<string>();

const fixtures: Fixture[] = (Object.keys(other) as DialectName[]).flatMap((d) => loadFixtures(d));

describe("every fixture of every dialect with a partner through the command", () => {
  it("has fixtures of each of them", () => {
    expect(new Set(fixtures.map((f) => f.dialect))).toEqual(new Set(Object.keys(other)));
  });

  it.concurrent.each(fixtures.map((f) => [`${f.dialect}/${f.name}`, f] as const))(
    "%s: events --from auto, and convert A → B → A keeping its meaning",
    async (label, fixture) => {
      const from = fixture.dialect as DialectName;
      const to = other[from];
      const expected = fixture.events!;
      // Four processes per fixture (each costs the start-up of tsx): the first convert reads
      // the file with an explicit --from, the others read standard input.
      const [auto, roundTrip] = await Promise.all([
        cli(["events", fixture.wirePath, "--from", "auto"]),
        pipeline([
          ["convert", fixture.wirePath, "--from", from, "--to", to],
          ["convert", "-", "--from", to, "--to", from],
          ["events", "-", "--from", from],
        ]),
      ]);
      if (undetectable.has(label)) {
        expect(auto.status).toBe(1);
        expect(auto.stderr).toContain("unknown-dialect");
      } else {
        expect(parseEventLines(auto.stdout)).toEqual(expected);
        expect(auto.status).toBe(exitStatusOf(expected));
      }

      const back = parseEventLines(roundTrip[2]!.stdout);
      const project = survives[from];
      expect(project(meaning(back))).toEqual(project(meaning(expected)));
      for (const step of roundTrip) expect(step.status).toBe(exitStatusOf(expected));
    },
    // Child processes of tsx on a busy machine: generous, since a slow start is not a failure.
    120_000,
  );
});

describe("convert: what the target cannot express", () => {
  it("is reported on stderr, never written into the target's wire", async () => {
    const input =
      'data: {"type":"generation_start","id":"g1","model":"m"}\n\n' +
      'data: {"type":"mystery","x":1}\n\n' +
      'data: {"type":"content_delta","delta":"Hi"}\n\n' +
      'data: {"type":"generation_end","id":"g1"}\n\ndata: [DONE]\n\n';
    const result = await cli(["convert", "-", "--from", "elumenta", "--to", "openai"], input);
    expect(result.status).toBe(0);
    expect(result.stdout).not.toContain("mystery");
    expect(result.stderr).toContain("openai could not express everything");
    expect(result.stderr).toContain("1 × unknown: an event of another dialect (elumenta)");
  });
});

describe("collect", () => {
  it("prints the chat.completion of a proper stream, with billing, and exits 0", async () => {
    const result = await cli(["collect", "fixtures/elumenta/plain.sse", "--from", "auto"]);
    expect(result).toMatchObject({ status: 0, stderr: "" });
    const completion = JSON.parse(result.stdout);
    expect(completion).toMatchObject({
      id: "gen_01j9x2abc123",
      object: "chat.completion",
      model: "gpt-5",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: "Here are the numbers", refusal: null },
          finish_reason: "stop",
        },
      ],
      billing: { tokens_used: 3, balance_remaining: 297 },
    });
    expect(completion.error).toBeUndefined();
  });

  it("still prints the partial result of a cut-off or failed stream, and exits non-zero", async () => {
    const [cut, failed] = await Promise.all([
      cli(["collect", "fixtures/elumenta/cut-off-before-end.sse", "--from", "elumenta"]),
      cli(["collect", "-", "--from", "elumenta"], loadFixture("error-after-deltas")),
    ]);
    expect(cut.status).toBe(1);
    expect(JSON.parse(cut.stdout).choices[0].message.content).toBe("The answer is 42");
    expect(JSON.parse(cut.stdout).error).toMatchObject({ code: "cut-off" });
    expect(cut.stderr).toContain("sse-dialects: cut-off: The elumenta stream ended before");
    expect(failed.status).toBe(1);
    expect(JSON.parse(failed.stdout).choices[0].message.content).toBe("Once upon a time");
    expect(JSON.parse(failed.stdout).error.message).toBe("Upstream model timed out");
    expect(failed.stderr).toContain("provider-error: Upstream model timed out");
  });

  it("reports a provider's error that ended the stream with its own message, finish_reason error, exit 1", async () => {
    const results = await Promise.all([
      cli(["collect", "fixtures/openai/bare-error.sse"]),
      cli(["collect", "fixtures/openai/openrouter-mid-stream-error.sse"]),
      cli(["collect", "fixtures/elumenta/error-after-deltas.sse"]),
    ]);
    const messages = [
      "Rate limit reached for gpt-4o",
      "Provider disconnected unexpectedly",
      "Upstream model timed out",
    ];
    results.forEach((result, i) => {
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`provider-error: ${messages[i]}`);
      expect(result.stderr).not.toContain("cut-off");
      const completion = JSON.parse(result.stdout);
      expect(completion.error.message).toContain(messages[i]);
      for (const choice of completion.choices) expect(choice.finish_reason).toBe("error");
    });
  });

  it("collects tool calls and reasoning from an OpenAI stream", async () => {
    const tools = await cli(["collect", "fixtures/openai/tool-calls-parallel-split-escapes.sse"]);
    expect(tools.status).toBe(0);
    const completion = JSON.parse(tools.stdout);
    expect(completion.choices[0].message.tool_calls.length).toBeGreaterThan(1);
    expect(completion.choices[0].finish_reason).toBe("tool_calls");
  });
});

function loadFixture(name: string): Uint8Array {
  return fixtures.find((f) => f.dialect === "elumenta" && f.name === name)!.bytes;
}

describe("streaming", () => {
  const first =
    'data: {"type":"generation_start","id":"g1","model":"gpt-5"}\n\n' +
    'data: {"type":"content_delta","delta":"Hello"}\n\n';
  const rest =
    'data: {"type":"content_delta","delta":" world"}\n\n' +
    'data: {"type":"generation_end","id":"g1","tokens_used":2,"balance_remaining":1}\n\n' +
    "data: [DONE]\n\n";

  /** Writes `first`, waits until the output shows `seen`, then writes the rest. */
  async function feedSlowly(
    args: readonly string[],
    seen: string,
  ): Promise<Result & { early: string }> {
    const child = start(args);
    const done = finish(child);
    const early = await new Promise<string>((resolve, reject) => {
      let out = "";
      const timer = setTimeout(
        () => reject(new Error(`no output before the input ended: ${out}`)),
        20_000,
      );
      child.stdout!.on("data", (text: string) => {
        out += text;
        if (out.includes(seen)) {
          clearTimeout(timer);
          resolve(out);
        }
      });
      child.stdin!.write(first);
    });
    child.stdin!.end(rest);
    return { ...(await done), early };
  }

  it("events: writes each event before the input has ended", async () => {
    const result = await feedSlowly(["events", "-", "--from", "elumenta"], '"text":"Hello"');
    expect(result.early).not.toContain("world");
    expect(result.status).toBe(0);
    expect(parseEventLines(result.stdout).map((e) => e.type)).toContain("usage");
  });

  it("convert --from auto: writes OpenAI chunks before the input has ended", async () => {
    const result = await feedSlowly(["convert", "--from", "auto", "--to", "openai"], '"Hello"');
    expect(result.early).toContain("chat.completion.chunk");
    expect(result.early).not.toContain("world");
    expect(result.status).toBe(0);
    expect(result.stdout.trimEnd().endsWith("data: [DONE]")).toBe(true);
  });
});

describe("bad input", () => {
  it("reports a stream no dialect recognises on standard error, and exits 1", async () => {
    const result = await cli(
      ["convert", "--to", "openai"],
      "<html><body>502 Bad Gateway</body></html>",
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("sse-dialects: unknown-dialect:");
    expect(result.stderr).toContain("<html><body>502");
    // The error still reaches the output, in the target dialect.
    expect(result.stdout).toContain("unknown-dialect");
  });

  it("writes what came before malformed events, reports them, and exits 1", async () => {
    const result = await cli(
      ["events", "--from", "elumenta"],
      'data: {"type":"content_delta","delta":"kept"}\n\ndata: {oops\n\ndata: [DONE]\n\n',
    );
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('"text":"kept"');
    expect(result.stderr).toContain("sse-dialects: invalid-json:");
  });
});
