/**
 * What a new user writes first, as files of a fresh npm project: the same program as ESM, as
 * CommonJS and as TypeScript (one file per module system), and two tsconfigs.
 */

const STREAM = [
  'data: {"id":"c1","object":"chat.completion.chunk","created":1767225600,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"Hé"},"finish_reason":null}]}',
  'data: {"id":"c1","object":"chat.completion.chunk","created":1767225600,"model":"m","choices":[{"index":0,"delta":{"content":"llo 🌍"},"finish_reason":"stop"}]}',
  "data: [DONE]",
]
  .map((line) => `${line}\n\n`)
  .join("");

/** The text every program prints: OpenAI decoded, converted to Anthropic, read back; the client. */
export const EXPECTED_OUTPUT = "Héllo 🌍|Héllo 🌍|Héllo 🌍\n";

const body = (imports: string) => `${imports}
const sse = ${JSON.stringify(STREAM)};
async function* bytes() {
  yield new TextEncoder().encode(sse);
}

async function main() {
  let decoded = "";
  for await (const event of decode(bytes(), openai)) {
    if (event.type === "text-delta") decoded += event.text;
  }
  let converted = "";
  for await (const piece of convert(bytes(), openai, anthropic)) converted += new TextDecoder().decode(piece);
  let readBack = "";
  for (const event of decodeAll(new TextEncoder().encode(converted), anthropic)) {
    if (event.type === "text-delta") readBack += event.text;
  }
  const stream = await openStream(new Response(sse, { headers: { "content-type": "text/event-stream" } }));
  const content = await stream.toContent();
  process.stdout.write([decoded, readBack, content].join("|") + "\\n");
  if (dialects.length < 6 || typeof createProxyHandler !== "function") throw new Error("missing exports");
}
main().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;

const names = (from: string, list: string) => ({ from, list });
const IMPORTS = [
  names("@sse-dialects/core", "convert, decode, decodeAll"),
  names("@sse-dialects/openai", "openai"),
  names("@sse-dialects/anthropic", "anthropic"),
  names("@sse-dialects/client", "openStream"),
  names("@sse-dialects/registry", "dialects"),
  names("@sse-dialects/proxy", "createProxyHandler"),
];

const esmImports = IMPORTS.map(({ from, list }) => `import { ${list} } from "${from}";`).join("\n");
const cjsImports = IMPORTS.map(({ from, list }) => `const { ${list} } = require("${from}");`).join(
  "\n",
);

export const FILES: Record<string, string> = {
  "example.mjs": body(esmImports),
  "example.cjs": body(cjsImports),
  // TypeScript, checked under both resolutions; .mts is ESM and .cts CommonJS under nodenext.
  "example.mts": body(esmImports),
  "example.cts": body(esmImports),
  "tsconfig.nodenext.json": JSON.stringify({
    compilerOptions: {
      module: "nodenext",
      moduleResolution: "nodenext",
      target: "es2022",
      lib: ["es2023", "dom", "dom.asynciterable"],
      types: ["node"],
      strict: true,
      noEmit: true,
      skipLibCheck: false,
    },
    files: ["example.mts", "example.cts"],
  }),
  "tsconfig.bundler.json": JSON.stringify({
    compilerOptions: {
      module: "esnext",
      moduleResolution: "bundler",
      target: "es2022",
      lib: ["es2023", "dom", "dom.asynciterable"],
      types: ["node"],
      strict: true,
      noEmit: true,
      skipLibCheck: false,
    },
    files: ["example.mts"],
  }),
};

/** The OpenAI stream, for the CLI's standard input. */
export const CLI_INPUT = STREAM;
