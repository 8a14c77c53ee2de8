import { describe, expect, it } from "vitest";
import { cite, parseCitationUrl, retargetCitations } from "./cite.ts";

const SHA = "0123456789abcdef0123456789abcdef01234567";

describe("cite", () => {
  it("links a GitHub file and its lines at the commit", () => {
    expect(cite("acme/ledger", SHA, "src/post.ts", { start: 10, end: 40 })).toBe(
      `[src/post.ts#L10-L40](https://github.com/acme/ledger/blob/${SHA}/src/post.ts#L10-L40)`,
    );
    expect(cite("acme/ledger", SHA, "a.ts", { start: 7, end: 7 }, "https://git.example.com/")).toBe(
      `[a.ts#L7](https://git.example.com/acme/ledger/blob/${SHA}/a.ts#L7)`,
    );
  });

  it("writes the plain form for a local checkout", () => {
    expect(cite("local/finchat", SHA, "src/a.ts", { start: 1, end: 5 })).toBe(
      `\`local/finchat@${SHA}:src/a.ts#L1-L5\``,
    );
  });

  it("keeps awkward paths a working link and reads them back", () => {
    const path = 'pkg/__init__ (copy) [1] "x" #2|y.py';
    const link = cite("acme/ledger", SHA, path, { start: 2, end: 3 });
    const [, text = "", url = ""] = /^\[(.*)\]\(([^)\s]+)\)$/.exec(link) ?? [];
    expect(text).toBe('pkg/\\_\\_init\\_\\_ (copy) \\[1\\] "x" #2\\|y.py#L2-L3');
    expect(parseCitationUrl({ label: "acme/ledger", commitSha: SHA }, url)).toEqual({
      path,
      lines: { start: 2, end: 3 },
    });
  });

  it("reads back only citations of the same repository and commit with sound ranges", () => {
    const context = { label: "acme/ledger", commitSha: SHA };
    const base = `https://github.com/acme/ledger/blob/${SHA}`;
    expect(parseCitationUrl(context, `${base}/a.ts`)).toEqual({ path: "a.ts" });
    expect(parseCitationUrl(context, `https://github.com/acme/other/blob/${SHA}/a.ts`)).toBeNull();
    expect(
      parseCitationUrl(context, `https://github.com/acme/ledger/blob/${"f".repeat(40)}/a.ts`),
    ).toBeNull();
    expect(parseCitationUrl(context, `${base}/a.ts#L9-L2`)).toBeNull();
    expect(parseCitationUrl(context, `${base}/a.ts#section`)).toBeNull();
  });
});

describe("retargetCitations", () => {
  it("moves a copied page's citations, and only them, to the new commit", () => {
    const next = "9".repeat(40);
    const page = `See ${cite("acme/ledger", SHA, "a.ts", { start: 1, end: 2 })}; commit ${SHA} stays as written.`;
    const moved = retargetCitations(
      page,
      { label: "acme/ledger", commitSha: SHA },
      { label: "acme/ledger", commitSha: next },
    );
    expect(moved).toBe(
      `See [a.ts#L1-L2](https://github.com/acme/ledger/blob/${next}/a.ts#L1-L2); commit ${SHA} stays as written.`,
    );
    const local = cite("local/x", SHA, "a.ts");
    expect(
      retargetCitations(local, { label: "local/x", commitSha: SHA }, { label: "local/x", commitSha: next }),
    ).toBe(`\`local/x@${next}:a.ts\``);
  });
});
