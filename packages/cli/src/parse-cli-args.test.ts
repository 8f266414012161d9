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

  it.each([
    [["events", "--frm", "openai"], /Unknown option '--frm'/, "events"],
    [["events", "--from"], /--from/, "events"],
    [["events", "a.sse", "b.sse"], /at most one input FILE, got 2/, "events"],
    [["events", "--to", "openai"], /events does not take --to/, "events"],
    [["convert", "--from", "openai"], /convert needs --to <dialect>/, "convert"],
    [["stream"], /Unknown command "stream"/, undefined],
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
