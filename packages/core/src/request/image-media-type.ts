/** File signatures (magic numbers) of the image types every dialect accepts. */
const SIGNATURES: readonly [RegExp, string][] = [
  [/^\x89PNG/, "image/png"],
  [/^\xFF\xD8\xFF/, "image/jpeg"],
  [/^GIF8/, "image/gif"],
  [/^RIFF[\s\S]{4}WEBP/, "image/webp"],
];

/**
 * The media type of base64 image data that came without one (Ollama's `images` are bare
 * base64), from the file signature in its first bytes (PNG, JPEG, GIF, WebP). `image/png` when
 * none matches, since a target that needs a media type (a `data:` URL, Anthropic's `media_type`)
 * has to be told something.
 *
 * @example
 * ```ts
 * imageMediaType("/9j/4AAQSkZJRg=="); // "image/jpeg"
 * ```
 */
export function imageMediaType(base64: string): string {
  let head: string;
  try {
    head = atob(base64.slice(0, 16));
  } catch {
    return "image/png";
  }
  for (const [signature, type] of SIGNATURES) if (signature.test(head)) return type;
  return "image/png";
}
