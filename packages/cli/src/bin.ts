import { runCli } from "./run-cli.js";

// Not `import … from "node:fs"`: an ES module import of a built-in builds its namespace by reading
// every export, and `fs.promises` loads Node's promise and stream modules (with `node:util`'s
// import, a fifth of `--help`'s time over `node -e 0` on Node 24).
const { writeSync } = process.getBuiltinModule("node:fs");

let stdout: NodeJS.WriteStream | undefined;

/** `process.stdout`, made on first use: `--help` and `--version` write without it. */
function standardOutput(): NodeJS.WriteStream {
  if (stdout === undefined) {
    stdout = process.stdout;
    // A reader that stops early (`| head`) closes the pipe: that ends the command, not a crash.
    stdout.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  return stdout;
}

process.exitCode = await runCli(process.argv.slice(2), {
  // Getters: Node builds each standard stream (a TTY, pipe or file stream, and the stream
  // modules behind them) on first access, which `--help`, `--version` and a FILE argument may
  // never need.
  get stdin() {
    return process.stdin;
  },
  get stdout() {
    return standardOutput();
  },
  get stderr() {
    return process.stderr;
  },
  writeSync(bytes) {
    let written = 0;
    try {
      while (written < bytes.length) {
        const n = writeSync(1, bytes, written);
        if (n === 0) break;
        written += n;
      }
    } catch {
      // A pipe that is full (EAGAIN) or closed: the stream writes the rest, or reports it.
    }
    return written;
  },
});
