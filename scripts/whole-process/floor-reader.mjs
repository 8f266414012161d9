// The whole-process floor for `sse-dialects convert`: plain Node reading a stream file as the
// CLI does (a file stream, streaming UTF-8 decoding), splitting it into messages and
// `JSON.parse`-ing each; nothing written. SSE with eventsource-parser, NDJSON by lines.
//   node scripts/whole-process/floor-reader.mjs FILE sse|ndjson
import { createReadStream } from "node:fs";
import { createParser } from "eventsource-parser";

const [file, framing = "sse"] = process.argv.slice(2);
let parsed = 0;
const decoder = new TextDecoder();
let feed;
if (framing === "ndjson") {
  let partial = "";
  feed = (text) => {
    const lines = (partial + text).split("\n");
    partial = lines.pop();
    for (const line of lines) {
      if (line.trim() === "") continue;
      JSON.parse(line);
      parsed++;
    }
  };
} else {
  const parser = createParser({
    onEvent(message) {
      if (message.data === "[DONE]") return;
      JSON.parse(message.data);
      parsed++;
    },
  });
  feed = (text) => parser.feed(text);
}
for await (const chunk of createReadStream(file)) feed(decoder.decode(chunk, { stream: true }));
feed(decoder.decode());
if (parsed === 0) process.exitCode = 1;
