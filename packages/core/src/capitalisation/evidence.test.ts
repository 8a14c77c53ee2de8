import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type GitHubHarness, startGitHubHarness } from "../github/test-support.ts";
import { collectEvidence, EVIDENCE_LIMIT } from "./evidence.ts";

let github: GitHubHarness;
beforeAll(async () => {
  github = await startGitHubHarness();
});
afterAll(() => github.close());
beforeEach(() => {
  github.server.requests.length = 0;
});

const signal = new AbortController().signal;
const listings = () =>
  github.server.requests.filter((r) => /\/repos\/acme\/ledger\/(pulls|commits)\?/.test(r.url));

describe("collectEvidence", () => {
  it("is null without GitHub", async () => {
    expect(
      await collectEvidence(undefined, [{ epicKey: "FIN-1", issueKeys: [] }], "2099-12-31", signal),
    ).toBeNull();
  });

  it("joins pull requests by title or branch and commits by message to the epic of the key, with one listing of each per repository", async () => {
    const evidence = await collectEvidence(
      github.client(),
      [
        { epicKey: "FIN-1", issueKeys: ["FIN-42"] },
        { epicKey: "FIN-2", issueKeys: ["FIN-12", "FIN-4"] },
        { epicKey: "FIN-3", issueKeys: ["FIN-999"] },
      ],
      "2099-12-31",
      signal,
    );
    expect(evidence?.get("FIN-1")?.pulls).toEqual([
      expect.objectContaining({ repo: "acme/ledger", title: "FIN-42: accrual engine" }),
    ]);
    expect(evidence?.get("FIN-2")?.pulls.map((p) => p.title)).toEqual(["FIN-12: stop double posting"]);
    // FIN-4 is not found inside FIN-42 or FIN-40.
    for (const c of evidence?.get("FIN-2")?.commits ?? []) expect(c.message).toMatch(/FIN-(12|4)\b/);
    expect(evidence?.get("FIN-3")).toEqual({ pulls: [], commits: [] });
    expect(listings().map((r) => r.url.split("?")[0])).toEqual([
      "/repos/acme/ledger/pulls",
      "/repos/acme/ledger/commits",
    ]);
  });

  it("lists at most 20 of each per epic and counts the rest", async () => {
    for (let i = 0; i < EVIDENCE_LIMIT + 5; i++)
      github.server.pushCommit({ [`notes/${i}.md`]: "x" }, `FIN-77: step ${i}`);
    const evidence = await collectEvidence(
      github.client(),
      [{ epicKey: "FIN-70", issueKeys: ["FIN-77"] }],
      "2099-12-31",
      signal,
    );
    expect(evidence?.get("FIN-70")?.commits).toHaveLength(EVIDENCE_LIMIT);
    expect(evidence?.get("FIN-70")?.moreCommits).toBe(5);
  });

  it("names a repository GitHub did not answer for", async () => {
    github.server.failNext({ status: 404, path: "/repos/acme/ledger/pulls" });
    const evidence = await collectEvidence(
      github.client(),
      [{ epicKey: "FIN-1", issueKeys: ["FIN-42"] }],
      "2099-12-31",
      signal,
    );
    expect(evidence?.get("FIN-1")).toEqual({ pulls: [], commits: [], unavailable: ["acme/ledger"] });
  });
});
