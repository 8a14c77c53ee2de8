import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, hasNextPage } from "./cursor.ts";

describe("cursors", () => {
  it("round-trips the page for the same query, whatever the key order", () => {
    const cursor = encodeCursor({ repo: "acme/ledger", state: "all" }, { page: 3 });
    expect(decodeCursor({ state: "all", repo: "acme/ledger", cursor })).toEqual({ page: 3 });
    expect(decodeCursor({ repo: "acme/ledger" })).toEqual({ page: 1 });
  });

  it("refuses cursors of another query and forged pages", () => {
    const cursor = encodeCursor({ repo: "acme/ledger" }, { page: 2 });
    expect(() => decodeCursor({ repo: "acme/other", cursor })).toThrow(/different query/);
    const forged = Buffer.from(JSON.stringify({ page: -1, q: "x" })).toString("base64url");
    expect(() => decodeCursor({ repo: "acme/ledger", cursor: forged })).toThrow(
      expect.objectContaining({ code: "invalid_request" }),
    );
  });

  it("reads the next link", () => {
    expect(hasNextPage('<https://x/?page=2>; rel="next", <https://x/?page=5>; rel="last"')).toBe(true);
    expect(hasNextPage('<https://x/?page=1>; rel="prev"')).toBe(false);
    expect(hasNextPage(undefined)).toBe(false);
  });
});
