import { describe, expect, it } from "vitest";
import { toFtsQuery } from "./search-query.ts";

describe("toFtsQuery", () => {
  it("quotes every word, escapes quotes and prefix-matches the last word", () => {
    expect(toFtsQuery("cash flow")).toBe('"cash" "flow"*');
    expect(toFtsQuery(' say "hi" AND( ')).toBe('"say" """hi""" "AND("*');
    expect(toFtsQuery("a\u0000b\tc")).toBe('"a" "b" "c"*');
  });

  it("returns null when nothing is searchable", () => {
    expect(toFtsQuery("")).toBeNull();
    expect(toFtsQuery(' " * ( - ')).toBeNull();
  });
});
