import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ToolRegistry } from "../agent/registry.ts";
import type { ToolResult } from "../agent/tool.ts";
import { loadConfig } from "../config.ts";
import { openTestDatabase, type TestDatabase } from "../db/test-database.ts";
import { createLogger } from "../observability/logger.ts";
import { indexRepository } from "./index-repository.ts";
import { MemoryRepoReader } from "./test-support.ts";
import { searchCodeAndIssuesTool, searchToolDeps } from "./tool.ts";

const logger = createLogger({ level: "silent", service: "test" });
const reconcile = "export function reconcileAccounts() {\n  return 'reconcile the bank accounts';\n}\n";

describe("search_code_and_issues", () => {
  let database: TestDatabase;
  let call: (args: unknown) => Promise<ToolResult>;
  beforeEach(async () => {
    database = await openTestDatabase();
    for (const label of ["acme/ledger", "rival/secret", "local/tools", "local/private"]) {
      await indexRepository({
        db: database.db,
        reader: new MemoryRepoReader(label, { "src/r.ts": reconcile }),
        logger,
      });
    }
    const config = loadConfig({
      GITHUB_ALLOW: "acme/*",
      JIRA_PROJECTS: "FIN",
      LOCAL_REPOS: "tools=/srv/tools",
    });
    const registry = new ToolRegistry([searchCodeAndIssuesTool(searchToolDeps(config, database.db))]);
    call = async (args) => {
      const checked = registry.validate("search_code_and_issues", args);
      if (!checked.ok) throw new Error(checked.error);
      return checked.tool.run(checked.args, { userId: "u1", signal: new AbortController().signal });
    };
  });
  afterEach(() => database.close());

  it("searches only the allowed sources that were indexed and cites what it found", async () => {
    const result = await call({ query: "reconcile bank accounts" });
    const content = JSON.parse(result.content);
    expect(content.searched).toEqual(["acme/ledger", "local/tools"]);
    expect(result.citations?.map((c) => c.label.replace(/@[0-9a-f]{7}/, "@sha"))).toEqual([
      "acme/ledger@sha:src/r.ts#L1-L3",
      "local/tools@sha:src/r.ts#L1-L3",
    ]);
    expect(result.citations?.[0]?.url).toMatch(
      /^https:\/\/github\.com\/acme\/ledger\/blob\/[0-9a-f]{40}\/src\/r\.ts#L1-L3$/,
    );
    expect(result.citations?.[1]?.url).toBeUndefined();
    expect(content.hits[0].snippet).toContain("reconcileAccounts");
  });

  it("refuses a repository or project outside the allow-lists, even one that was indexed", async () => {
    await expect(call({ query: "reconcile", repos: ["rival/secret"] })).rejects.toMatchObject({
      code: "forbidden",
      message: expect.stringContaining("rival/secret is not in the GitHub allow-list"),
    });
    await expect(call({ query: "reconcile", repos: ["local/private"] })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(call({ query: "reconcile", projects: ["HR"] })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("narrows to the sources asked for and says which allowed ones are not indexed", async () => {
    const result = await call({
      query: "reconcile",
      repos: ["ACME/ledger", "acme/unindexed"],
      projects: ["fin"],
    });
    const content = JSON.parse(result.content);
    expect(content.searched).toEqual(["acme/ledger"]);
    expect(content.notIndexed).toEqual(["acme/unindexed", "FIN"]);
    expect(content.hits).toHaveLength(1);
  });
});
