import { describe, expect, it } from "vitest";
import { thrownMessage } from "./thrown-message.js";

describe("thrownMessage", () => {
  it("reads an Error's or a DOMException's name and message, and anything else as a string", () => {
    expect(thrownMessage(new TypeError("fetch failed"))).toEqual({
      name: "TypeError",
      message: "fetch failed",
    });
    expect(thrownMessage(new DOMException("gone", "AbortError"))).toEqual({
      name: "AbortError",
      message: "gone",
    });
    expect(thrownMessage("plain")).toEqual({ name: undefined, message: "plain" });
    expect(thrownMessage(42)).toEqual({ name: undefined, message: "42" });
    expect(thrownMessage(Symbol("s"))).toEqual({ name: undefined, message: "Symbol(s)" });
    expect(thrownMessage(undefined)).toEqual({ name: undefined, message: "" });
  });

  it("never throws: what cannot be read says nothing", () => {
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    const throwing = new Error("x");
    Object.defineProperty(throwing, "message", {
      get: () => {
        throw new Error("no");
      },
    });
    Object.defineProperty(throwing, "name", { value: 7 });
    expect(thrownMessage(Object.create(null))).toEqual({ name: undefined, message: "" });
    expect(
      thrownMessage({
        toString: () => {
          throw new Error("no");
        },
      }),
    ).toEqual({ name: undefined, message: "" });
    expect(thrownMessage(throwing)).toEqual({ name: undefined, message: "" });
    expect(thrownMessage(revoked.proxy)).toEqual({ name: undefined, message: "" });
    const odd = new Error("x");
    Object.defineProperty(odd, "message", { value: { toString: () => "an object" } });
    expect(thrownMessage(odd).message).toBe("an object");
  });
});
