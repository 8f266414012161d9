import { describe, expect, it } from "vitest";
import { imageMediaType } from "./image-media-type.js";

const base64 = (bytes: number[]): string => btoa(String.fromCharCode(...bytes));

describe("imageMediaType", () => {
  it("reads the file signature", () => {
    expect(imageMediaType(base64([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10]))).toBe("image/png");
    expect(imageMediaType(base64([0xff, 0xd8, 0xff, 0xe0, 0, 16]))).toBe("image/jpeg");
    expect(imageMediaType(btoa("GIF89a......"))).toBe("image/gif");
    expect(imageMediaType(btoa("RIFF\0\0\0\0WEBPVP8 "))).toBe("image/webp");
  });

  it("says image/png for anything else, even text that is not base64", () => {
    expect(imageMediaType(btoa("hello world"))).toBe("image/png");
    expect(imageMediaType("%%%")).toBe("image/png");
  });
});
