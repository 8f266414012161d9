/**
 * `length` random lowercase hex digits, for ids an encoder must invent (`chatcmpl-…`, `msg_…`).
 * Uses `crypto.getRandomValues`, which every runtime has in every context — unlike
 * `crypto.randomUUID`, which browsers offer only in secure contexts (https or localhost).
 */
export function randomHex(length: number): string {
  const bytes = new Uint8Array(Math.ceil(length / 2));
  globalThis.crypto.getRandomValues(bytes);
  let hex = "";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return hex.slice(0, length);
}
