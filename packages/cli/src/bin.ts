import { runCli } from "./run-cli.js";

// A reader that stops early (`| head`) closes the pipe: that ends the command, it is not a crash.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await runCli(process.argv.slice(2), {
  // A getter: Node builds `process.stdin` (a TTY, pipe or file stream) on first access, which
  // `--help`, `--version` and a FILE argument never need.
  get stdin() {
    return process.stdin;
  },
  stdout: process.stdout,
  stderr: process.stderr,
});
