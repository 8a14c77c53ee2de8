import { describe, expect, it } from "vitest";
import { extractJiraKeys, isJiraKey, mentionsKey } from "./jira-keys.ts";

describe("Jira keys", () => {
  it("finds keys in messages, branch names and titles, once each, in order", () => {
    expect(extractJiraKeys("FIN-12: fix posting (see FIN-7, FIN-12)")).toEqual(["FIN-12", "FIN-7"]);
    expect(extractJiraKeys("feature/FIN-42-accruals")).toEqual(["FIN-42"]);
    expect(extractJiraKeys("Merge AB2-9 and X-1")).toEqual(["AB2-9"]);
  });

  it("ignores lowercase, single letters and keys inside longer words", () => {
    expect(extractJiraKeys("fin-12 utf-8 A-1 XFIN-12x")).toEqual([]);
    expect(extractJiraKeys(null)).toEqual([]);
  });

  it("matches a key exactly, not as the prefix of a longer one", () => {
    expect(mentionsKey("FIN-42: accruals", "FIN-4")).toBe(false);
    expect(mentionsKey("FIN-42: accruals", "FIN-42")).toBe(true);
    expect(isJiraKey("FIN-42")).toBe(true);
    expect(isJiraKey("FIN-42 ")).toBe(false);
  });
});
