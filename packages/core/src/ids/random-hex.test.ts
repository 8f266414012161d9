import { describe, expect, it } from "vitest";
import { randomHex } from "./random-hex.js";

describe("randomHex", () => {
  it("gives the asked number of hex digits, different each time", () => {
    for (const length of [1, 24, 32, 33])
      expect(randomHex(length)).toMatch(new RegExp(`^[0-9a-f]{${length}}$`));
    expect(new Set(Array.from({ length: 100 }, () => randomHex(32))).size).toBe(100);
  });

  it("does not need crypto.randomUUID (absent in a browser's insecure context)", () => {
    const randomUUID = globalThis.crypto.randomUUID;
    Object.defineProperty(globalThis.crypto, "randomUUID", {
      value: undefined,
      configurable: true,
    });
    try {
      expect(randomHex(32)).toHaveLength(32);
    } finally {
      Object.defineProperty(globalThis.crypto, "randomUUID", {
        value: randomUUID,
        configurable: true,
      });
    }
  });
});
