import { describe, expect, it } from "vitest";
import { parseCliArgs } from "./parse-cli-args.js";

describe("parseCliArgs", () => {
  it("reads a command, its FILE and its flags", () => {
    expect(parseCliArgs(["convert", "in.sse", "--from", "elumenta", "--to", "openai"])).toEqual({
      ok: true,
      args: { command: "convert", input: "in.sse", from: "elumenta", to: "openai" },
    });
    expect(parseCliArgs(["events", "--from=openai", "-"])).toEqual({
      ok: true,
      args: { command: "events", input: "-", from: "openai" },
    });
  });

  it("reads standard input and detects the dialect unless told otherwise", () => {
    expect(parseCliArgs(["collect"])).toEqual({
      ok: true,
      args: { command: "collect", input: "-", from: "auto" },
    });
  });

  it("answers --help anywhere, for the tool or a command", () => {
    expect(parseCliArgs(["--help"])).toEqual({
      ok: true,
      args: { command: "help", topic: undefined },
    });
    expect(parseCliArgs(["help", "events"])).toEqual({
      ok: true,
      args: { command: "help", topic: "events" },
    });
    expect(parseCliArgs(["convert", "x.sse", "-h"])).toEqual({
      ok: true,
      args: { command: "help", topic: "convert" },
    });
  });

  it("answers --version and -v in place of a command", () => {
    expect(parseCliArgs(["--version"])).toEqual({ ok: true, args: { command: "version" } });
    expect(parseCliArgs(["-v"])).toEqual({ ok: true, args: { command: "version" } });
  });

  it("still takes - (standard input) and values after --", () => {
    expect(parseCliArgs(["events", "-", "--from", "openai"])).toMatchObject({ ok: true });
    expect(parseCliArgs(["events", "--from", "openai", "--", "-odd-name.sse"])).toEqual({
      ok: true,
      args: { command: "events", input: "-odd-name.sse", from: "openai" },
    });
  });

  it.each([
    [["events", "--frm", "openai"], /^Unknown option --frm; did you mean --from\?$/, "events"],
    [
      ["convert", "--form=openai", "--to", "x"],
      /^Unknown option --form; did you mean --from\?$/,
      "convert",
    ],
    [["events", "-x"], /^Unknown option -x \(known: --from, --to, --help\)$/, "events"],
    [
      ["events", "--output", "o.jsonl"],
      /^Unknown option --output \(known: --from, --to, --help\)$/,
      "events",
    ],
    [["events", "--from"], /^Option --from needs a value$/, "events"],
    [["events", "--help=yes"], /^Option --help takes no value$/, "events"],
    [
      ["proxy", "--upstrem", "http://x"],
      /^Unknown option --upstrem; did you mean --upstream\?$/,
      "proxy",
    ],
    [["proxy", "--max-conections", "3"], /did you mean --max-connections\?$/, "proxy"],
    [["proxy", "--upstream"], /^Option --upstream needs a value$/, "proxy"],
    [["--verison"], /^Unknown option --verison; did you mean --version\?$/, undefined],
    [["--version", "convert"], /--version takes nothing after it, got convert/, undefined],
    [["conver"], /^Unknown command "conver"; did you mean convert\?$/, undefined],
    [["events", "a.sse", "b.sse"], /at most one input FILE, got 2/, "events"],
    [["events", "--to", "openai"], /events does not take --to/, "events"],
    [["convert", "--from", "openai"], /convert needs --to <dialect>/, "convert"],
    [
      ["stream"],
      /Unknown command "stream" \(commands: convert, events, collect, proxy\)/,
      undefined,
    ],
    [["help", "stream"], /Unknown command "stream"/, undefined],
    [[], /No command given/, undefined],
  ])("rejects %j", (argv, message, topic) => {
    const parsed = parseCliArgs(argv);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.message).toMatch(message);
    expect(parsed.topic).toBe(topic);
  });
});
