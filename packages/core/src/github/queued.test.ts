import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { type GitHubHarness, startGitHubHarness } from "./test-support.ts";
import { githubTool } from "./tools/shared.ts";

let h: GitHubHarness;
beforeAll(async () => {
  h = await startGitHubHarness();
});
afterAll(() => h.close());

describe("requests queued behind the throttle", () => {
  it("are dropped, not sent seconds later, once their tool has failed", async () => {
    // Searches are spaced (400 ms here, 2 s by default): the second waits in the queue.
    const client = h.client({}, { searchMinTimeMs: 400 });
    const twoSearches = githubTool(client, {
      name: "two_searches",
      description: "Searches commits twice at once",
      input: z.strictObject({}),
      target: () => "two searches",
      async run(_args, ctx) {
        const search = (q: string) =>
          client.octokit.rest.search.commits({ q: `${q} repo:acme/ledger`, request: { signal: ctx.signal } });
        await Promise.all([search("first"), search("second")]);
        return { content: "both answered", summary: "both answered" };
      },
    });
    h.server.requests.length = 0;
    h.server.failNext({ status: 422, path: "first", message: "Validation Failed" });

    await expect(
      twoSearches.run({}, { userId: "test-user", signal: new AbortController().signal }),
    ).rejects.toMatchObject({ code: "unprocessable" });
    await sleep(900);

    expect(h.server.requests.map((r) => decodeURIComponent(r.url))).toEqual([
      expect.stringContaining("q=first"),
    ]);
  });
});
