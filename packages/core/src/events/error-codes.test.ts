import { describe, expect, it } from "vitest";
import { ERROR_CODES, isErrorCode } from "./error-codes.js";
import { errorCodeSchema } from "./stream-event.js";

describe("isErrorCode", () => {
  it("accepts exactly the schema's codes", () => {
    expect([...ERROR_CODES].sort()).toEqual([...errorCodeSchema.options].sort());
    for (const code of errorCodeSchema.options) expect(isErrorCode(code)).toBe(true);
  });

  it("rejects a provider's code, a near miss and what is not a string", () => {
    for (const value of ["overloaded_error", "Cut-off", "", "toString", 1, null, undefined, {}]) {
      expect(isErrorCode(value)).toBe(false);
    }
  });
});
