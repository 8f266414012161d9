import { describe, expect, it } from "vitest";
import { extractCodeBlocks } from "./extract-code-blocks.js";

describe("extractCodeBlocks", () => {
  it("finds each fenced block with its line, language, flags and text", () => {
    const markdown = [
      "# Title", // 1
      "", // 2
      "```ts", // 3
      'import { a } from "a";', // 4
      "```", // 5
      "text", // 6
      "```ts no-run", // 7
      "start();", // 8
      "", // 9
      "```", // 10
      "~~~sh", // 11
      "```not a close", // 12
      "~~~", // 13
      "```", // 14
      "plain", // 15
      "```", // 16
    ].join("\n");
    expect(extractCodeBlocks("README.md", markdown)).toEqual([
      { file: "README.md", line: 3, lang: "ts", flags: [], code: 'import { a } from "a";\n' },
      { file: "README.md", line: 7, lang: "ts", flags: ["no-run"], code: "start();\n\n" },
      { file: "README.md", line: 11, lang: "sh", flags: [], code: "```not a close\n" },
      { file: "README.md", line: 14, lang: "", flags: [], code: "plain\n" },
    ]);
  });

  it("needs a closing fence at least as long, and keeps CRLF files' lines", () => {
    const markdown = "````TS\r\n```\r\ninside\r\n````\r\n";
    expect(extractCodeBlocks("x.md", markdown)).toEqual([
      { file: "x.md", line: 1, lang: "ts", flags: [], code: "```\ninside\n" },
    ]);
  });

  it("strips the fence's indentation from the lines of an indented block", () => {
    const markdown = "1. step\n\n   ```ts\n   const a = 1;\n     nested();\n   ```\n";
    expect(extractCodeBlocks("x.md", markdown)).toEqual([
      { file: "x.md", line: 3, lang: "ts", flags: [], code: "const a = 1;\n  nested();\n" },
    ]);
  });

  it("ignores inline code and keeps an unclosed block to the end", () => {
    expect(extractCodeBlocks("x.md", "use ```ts``` here\n")).toEqual([]);
    expect(extractCodeBlocks("x.md", "```js\nlet a;\n")).toEqual([
      { file: "x.md", line: 1, lang: "js", flags: [], code: "let a;\n\n" },
    ]);
  });
});
