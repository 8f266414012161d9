import { arbitrarySplit } from "@sse-dialects/testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JsonArrayReader, MAX_JSON_ARRAY_DEPTH } from "./read-json-array.js";

/** What the reader delivers: each message's data, and `null` for each `tooLarge()`. */
function read(pieces: string[], max = 1 << 20): (string | null)[] {
  const out: (string | null)[] = [];
  const reader = new JsonArrayReader(
    {
      message: (m) => out.push(m.data),
      comment: () => {
        throw new Error("a JSON array has no comments");
      },
      tooLarge: () => out.push(null),
    },
    max,
  );
  for (const p of pieces) reader.feed(p);
  reader.end();
  return out;
}

/** Splits UTF-8 bytes as a network would, then decodes them as the pipelines do. */
function decodePieces(pieces: Uint8Array[]): string[] {
  const decoder = new TextDecoder();
  return pieces.map((p) => decoder.decode(p, { stream: true }));
}

const utf8 = new TextEncoder();

// Two elements as Gemini's streamGenerateContent (without alt=sse) writes them: pretty-printed,
// CRLF, `,` on a line of its own (https://ai.google.dev/api/generate-content).
const first = [
  "{",
  '  "candidates": [',
  "    {",
  '      "content": {',
  '        "parts": [',
  "          {",
  '            "text": "Hello {world} \\"quoted\\" \\\\ é 😀 \\u00e9 ]"',
  "          }",
  "        ],",
  '        "role": "model"',
  "      }",
  "    }",
  "  ],",
  '  "modelVersion": "gemini-2.5-flash"',
  "}",
].join("\r\n");
const second = [
  "{",
  '  "candidates": [',
  "    {",
  '      "content": { "parts": [ { "text": "}{][\\\\" } ], "role": "model" },',
  '      "finishReason": "STOP"',
  "    }",
  "  ],",
  '  "usageMetadata": { "promptTokenCount": 3, "candidatesTokenCount": 5, "totalTokenCount": 8 }',
  "}",
].join("\r\n");
const geminiBody = `[${first}\r\n,\r\n${second}\r\n]`;

describe("JsonArrayReader", () => {
  it("delivers each element's exact text from a pretty-printed CRLF array", () => {
    const out = read([geminiBody]);
    expect(out).toEqual([first, second]);
    // The text is exact, so it parses to what the provider sent.
    expect(JSON.parse(out[0]!).candidates[0].content.parts[0].text).toBe(
      'Hello {world} "quoted" \\ é 😀 é ]',
    );
  });

  it("delivers an element the moment its closing brace arrives, before the array ends", () => {
    const out: string[] = [];
    const reader = new JsonArrayReader(
      { message: (m) => out.push(m.data), comment: () => {}, tooLarge: () => {} },
      1 << 20,
    );
    reader.feed('[{"a":1}');
    expect(out).toEqual(['{"a":1}']);
    reader.feed('\r\n,\r\n{"b":"}"');
    expect(out).toEqual(['{"a":1}']);
    reader.feed("}");
    expect(out).toEqual(['{"a":1}', '{"b":"}"}']);
  });

  it("delivers the same however the bytes are split", () => {
    const body = `\uFEFF \r\n${geminiBody}`;
    fc.assert(
      fc.property(arbitrarySplit(utf8.encode(body)), (pieces) => {
        expect(read(decodePieces(pieces))).toEqual([first, second]);
      }),
      { numRuns: 500 },
    );
  });

  it("delivers any JSON values, with any separators, however the bytes are split", () => {
    const separator = fc
      .array(fc.constantFrom(" ", "\t", "\r\n", "\n"), { maxLength: 3 })
      .map((ws) => ws.join(""));
    const body = fc
      .array(fc.tuple(fc.json({ maxDepth: 4 }), separator, separator), { maxLength: 6 })
      .map((elements) => ({
        elements: elements.map(([json]) => json),
        text: `[${elements.map(([json, before, after]) => `${before}${json}${after}`).join(",")}]`,
      }));
    fc.assert(
      fc.property(
        body.chain((b) => fc.tuple(fc.constant(b), arbitrarySplit(utf8.encode(b.text)))),
        ([{ elements }, pieces]) => {
          expect(read(decodePieces(pieces))).toEqual(elements);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("splits the same at every boundary, each character on its own", () => {
    expect(read(geminiBody.split(""))).toEqual([first, second]);
    // Escapes at a boundary: `\\` then `"` must end the string; `\"` must not.
    expect(read(['[{"a":"x\\', '\\"}', ',{"b":"\\', '"}"}]'])).toEqual([
      '{"a":"x\\\\"}',
      '{"b":"\\"}"}',
    ]);
  });

  it("does not count braces or brackets inside strings, escaped quotes included", () => {
    const element = '{"s":"{{{[[[\\"}}}]]]\\\\","t":["}",{"u":"{"}]}';
    expect(read([`[${element}]`])).toEqual([element]);
    expect(JSON.parse(element)).toEqual({ s: '{{{[[["}}}]]]\\', t: ["}", { u: "{" }] });
  });

  it("delivers scalar elements, strings, numbers and literals, each on its own", () => {
    expect(read(['[1, -2.5e3 ,"a,]{\\"", true,\r\nnull , [1,[2]] ,{}]'])).toEqual([
      "1",
      "-2.5e3",
      '"a,]{\\""',
      "true",
      "null",
      "[1,[2]]",
      "{}",
    ]);
  });

  it("delivers nothing for an empty array, a blank body, or separators alone", () => {
    expect(read(["[]"])).toEqual([]);
    expect(read(["\uFEFF  [ \r\n ] \n"])).toEqual([]);
    expect(read([""])).toEqual([]);
    expect(read(["[ , ,\r\n, ]"])).toEqual([]);
  });

  it("forgives missing and doubled commas between elements", () => {
    expect(read(['[{"a":1}{"b":2},,\n,{"c":3}]'])).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it("reports an element over the limit once, skips it, and goes on, however it is split", () => {
    const big = `{"text":"${"z".repeat(50)}","nested":{"x":"}"}}`;
    const body = `[{"a":1},\r\n${big},\r\n{"b":2}]`;
    const expected = ['{"a":1}', null, '{"b":2}'];
    expect(read([body], 20)).toEqual(expected);
    expect(read(body.split(""), 20)).toEqual(expected);
    fc.assert(
      fc.property(arbitrarySplit(utf8.encode(body)), (pieces) => {
        expect(read(decodePieces(pieces), 20)).toEqual(expected);
      }),
    );
  });

  it("keeps an element of exactly the limit, and holds no more than the limit of a bigger one", () => {
    expect(read(['[{"a":12345}]'], 11)).toEqual(['{"a":12345}']);
    expect(read(['[{"a":123456}]'], 11)).toEqual([null]);
    expect(read(['[123456789012,"123456789"]'], 11)).toEqual([null, '"123456789"']);
  });

  it(`skips an element nested deeper than ${MAX_JSON_ARRAY_DEPTH}, reported as too large`, () => {
    const deepest = `${"[".repeat(MAX_JSON_ARRAY_DEPTH)}1${"]".repeat(MAX_JSON_ARRAY_DEPTH)}`;
    const tooDeep = `{"a":${deepest}}`;
    const body = `[{"a":1},${deepest},${tooDeep},{"b":2}]`;
    const expected = ['{"a":1}', deepest, null, '{"b":2}'];
    expect(read([body])).toEqual(expected);
    expect(read(body.split(""))).toEqual(expected);
  });

  it("delivers garbage between elements as messages, so the decoder reports it", () => {
    expect(read(['[{"a":1}\r\n, oops not json \r\n,{"b":2} junk {"c":3}]'])).toEqual([
      '{"a":1}',
      "oops not json",
      '{"b":2}',
      "junk",
      '{"c":3}',
    ]);
  });

  it("reads what follows the closing bracket as top-level values", () => {
    // A pretty-printed error object written after the last element, on a 200.
    const error = '{\n  "error": {\n    "code": 503,\n    "status": "UNAVAILABLE"\n  }\n}';
    expect(read([`[{"a":1}]\n${error}\n`])).toEqual(['{"a":1}', error]);
    expect(read(['[{"a":1}] ] trailing text\n'])).toEqual(['{"a":1}', "] trailing text"]);
    expect(read(['[{"a":1}][{"b":2}]'])).toEqual(['{"a":1}', '[{"b":2}]']);
  });

  it("reads a body that does not open with `[` as top-level values", () => {
    const error = '{"error":{"code":400,"message":"bad"}}';
    expect(read([`\uFEFF\r\n${error}\r\n`])).toEqual([error]);
    expect(read(["Internal Server Error\n"])).toEqual(["Internal Server Error"]);
    expect(read(['{"a":1} {"b":2}'])).toEqual(['{"a":1}', '{"b":2}']);
  });

  it("delivers an unfinished element at the end as received, unless it was being skipped", () => {
    expect(read(['[{"a":1},\r\n{"b":"x', "y}"])).toEqual(['{"a":1}', '{"b":"xy}']);
    expect(read(['[{"a":1},"unclosed'])).toEqual(['{"a":1}', '"unclosed']);
    expect(read(["[1, 23 \r\n"])).toEqual(["1", "23"]);
    expect(read(['[{"a":1},{"b":"zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz'], 20)).toEqual(['{"a":1}', null]);
    expect(read([`[${"[".repeat(MAX_JSON_ARRAY_DEPTH + 1)}`])).toEqual([null]);
  });

  it("starts over after end()", () => {
    const out: string[] = [];
    const reader = new JsonArrayReader(
      { message: (m) => out.push(m.data), comment: () => {}, tooLarge: () => {} },
      1 << 20,
    );
    reader.feed('[{"a":1},{"b"');
    reader.end();
    reader.feed('[{"c":3}]');
    reader.end();
    expect(out).toEqual(['{"a":1}', '{"b"', '{"c":3}']);
  });
});
