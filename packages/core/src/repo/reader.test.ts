import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GitHubHarness, startGitHubHarness } from "../github/test-support.ts";
import { openReader } from "./reader.ts";
import type { RepoSource } from "./types.ts";

const projectRoot = new URL("../../../..", import.meta.url).pathname;
const config = { localRepos: { finchat: projectRoot }, docs: { maxFileBytes: 1000 } };
let h: GitHubHarness;

beforeAll(async () => {
  h = await startGitHubHarness();
});
afterAll(() => h.close());

describe("openReader", () => {
  it("opens a GitHub repository through the client and labels it owner/repo", async () => {
    const reader = openReader(
      config,
      { kind: "github", owner: "acme", repo: "ledger" },
      { github: h.client() },
    );
    expect((await reader.snapshot()).label).toBe("acme/ledger");
  });

  it("refuses GitHub without a client and repositories outside the allow-list", () => {
    expect(() => openReader(config, { kind: "github", owner: "acme", repo: "ledger" })).toThrow(
      expect.objectContaining({ code: "unavailable" }),
    );
    const outside = { kind: "github", owner: "evil", repo: "corp" } as const;
    expect(() => openReader(config, outside, { github: h.client() })).toThrow(
      expect.objectContaining({ code: "forbidden" }),
    );
  });

  it("opens only local checkouts named in LOCAL_REPOS", () => {
    const reader = openReader(config, { kind: "local", name: "finchat" });
    expect(reader).toHaveProperty("snapshot");
    (reader as { close?: () => void }).close?.();
    for (const name of ["other", "constructor", "__proto__", "../finchat", projectRoot]) {
      expect(() => openReader(config, { kind: "local", name })).toThrow(
        expect.objectContaining({
          code: "forbidden",
          message: expect.stringContaining("Configured: finchat"),
        }),
      );
    }
    expect(() => openReader({ ...config, localRepos: {} }, { kind: "local", name: "finchat" })).toThrow(
      /LOCAL_REPOS is empty/,
    );
  });

  it("refuses an unknown source kind and unsafe refs", () => {
    const ftp = { kind: "ftp", url: "ftp://example.test/repo" } as unknown as RepoSource;
    expect(() => openReader(config, ftp)).toThrow(expect.objectContaining({ code: "invalid_request" }));
    expect(() =>
      openReader(config, { kind: "local", name: "finchat", ref: "--upload-pack=touch /tmp/x" }),
    ).toThrow(expect.objectContaining({ code: "invalid_request" }));
  });
});
