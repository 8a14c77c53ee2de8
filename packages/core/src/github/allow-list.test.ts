import { describe, expect, it } from "vitest";
import { AllowList, assertRequestAllowed, parseRepo } from "./allow-list.ts";

const allow = new AllowList(["acme/*", "Other/Ledger"]);
const check = (path: string, q?: string) => () =>
  assertRequestAllowed(allow, path, new URLSearchParams(q === undefined ? "" : { q }));

describe("AllowList", () => {
  it("allows owner wildcards and named repositories, ignoring case", () => {
    expect(allow.allows("ACME", "anything")).toBe(true);
    expect(allow.allows("other", "ledger")).toBe(true);
    expect(allow.allows("other", "payroll")).toBe(false);
    expect(allow.namedRepos).toEqual([{ owner: "Other", repo: "Ledger" }]);
  });

  it("refuses everything when empty and rejects malformed entries at start-up", () => {
    expect(() => new AllowList([]).assert("acme", "ledger")).toThrow(/GITHUB_ALLOW is empty/);
    expect(() => new AllowList(["acme"])).toThrow(/GITHUB_ALLOW: "acme"/);
    expect(() => new AllowList(["*/*"])).toThrow();
  });

  it("checks request paths and search scopes", () => {
    expect(check("/repos/acme/ledger/issues")).not.toThrow();
    expect(check("/repos/evil/repo")).toThrow(expect.objectContaining({ code: "forbidden" }));
    expect(check("/search/code", "total repo:acme/ledger")).not.toThrow();
    expect(check("/search/code", "org:acme total")).not.toThrow();
    expect(check("/search/code", "total")).toThrow(/repo:owner\/name/);
    expect(check("/search/issues", "x repo:acme/ledger user:evil")).toThrow(/user:evil/);
    expect(check("/search/issues", "x org:other")).toThrow(/org:other/);
    expect(check("/repositories/1000/issues")).not.toThrow();
    expect(check("/user/repos")).toThrow(/outside/);
  });

  it("parses owner/repo and rejects anything else", () => {
    expect(parseRepo(" acme/ledger ")).toEqual({ owner: "acme", repo: "ledger" });
    expect(() => parseRepo("acme/ledger/x")).toThrow(expect.objectContaining({ code: "invalid_request" }));
    expect(() => parseRepo("../etc")).toThrow();
  });
});
