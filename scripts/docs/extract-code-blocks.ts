/** A fenced code block of a Markdown file. */
export interface CodeBlock {
  /** The Markdown file, as given. */
  file: string;
  /** The line of the opening fence, 1-based. */
  line: number;
  /** The language, lower-cased: the first word of the fence's info string ("" when none). */
  lang: string;
  /** The other words of the info string (`no-run`, …). */
  flags: readonly string[];
  /** The block's text, without the fences, each line ending in "\n". */
  code: string;
}

// CommonMark: a fence is three or more backticks or tildes, indented by at most three spaces;
// the closing fence uses the same character, at least as many times, and nothing after it.
const OPENING_FENCE = /^( {0,3})(`{3,}|~{3,})(.*)$/;

/**
 * Every fenced code block of a Markdown text, in order. An unclosed block runs to the end of the
 * text, as CommonMark says; its lines still count.
 *
 * @example
 * ```ts
 * extractCodeBlocks("README.md", "# Hi\n\n```ts no-run\nrun();\n```\n");
 * // [{ file: "README.md", line: 3, lang: "ts", flags: ["no-run"], code: "run();\n" }]
 * ```
 */
export function extractCodeBlocks(file: string, markdown: string): CodeBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: CodeBlock[] = [];
  let open: { line: number; indent: number; fence: string; info: string; body: string[] } | null =
    null;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!;
    if (open === null) {
      const match = OPENING_FENCE.exec(text);
      // A backtick fence's info string cannot contain a backtick (that is inline code).
      if (match === null || (match[2]![0] === "`" && match[3]!.includes("`"))) continue;
      open = { line: i + 1, indent: match[1]!.length, fence: match[2]!, info: match[3]!, body: [] };
      continue;
    }
    const trimmed = text.trim();
    const fenceChar = open.fence[0]!;
    const isClose =
      /^ {0,3}\S/.test(text) &&
      trimmed.length >= open.fence.length &&
      [...trimmed].every((char) => char === fenceChar);
    if (isClose) {
      blocks.push(toBlock(file, open));
      open = null;
      continue;
    }
    // Content lines lose up to the opening fence's indentation.
    open.body.push(text.replace(new RegExp(`^ {0,${open.indent}}`), ""));
  }
  if (open !== null) blocks.push(toBlock(file, open));
  return blocks;
}

function toBlock(file: string, open: { line: number; info: string; body: string[] }): CodeBlock {
  const [lang = "", ...flags] = open.info.trim().split(/\s+/).filter(Boolean);
  return {
    file,
    line: open.line,
    lang: lang.toLowerCase(),
    flags,
    code: open.body.map((line) => `${line}\n`).join(""),
  };
}
