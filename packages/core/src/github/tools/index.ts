import type { Tool } from "../../agent/tool.ts";
import type { GitHubClient, GitHubSettings } from "../client.ts";
import { codeChangesForIssueTool } from "./code-changes.ts";
import { commentTool } from "./comment.ts";
import { getCommitTool, listCommitsTool } from "./commits.ts";
import { compareTool } from "./compare.ts";
import { getFileTool } from "./file.ts";
import { getIssueTool, listIssuesTool, searchIssuesTool } from "./issues.ts";
import { getPullRequestTool, listPullRequestsTool } from "./pulls.ts";
import { listBranchesTool, listReleasesTool, listTagsTool } from "./refs.ts";
import { getRepositoryTool } from "./repository.ts";
import { searchCodeTool } from "./search-code.ts";
import { getTreeTool } from "./tree.ts";

/**
 * The GitHub tool set over one client: the read tools always, and `github_comment` (a write, so
 * approved by a person call by call) only when `settings.writes` is on.
 */
export function githubTools(client: GitHubClient, settings: Pick<GitHubSettings, "writes">): Tool[] {
  const reads: Tool[] = [
    getRepositoryTool(client),
    getTreeTool(client),
    getFileTool(client),
    searchCodeTool(client),
    listCommitsTool(client),
    getCommitTool(client),
    compareTool(client),
    searchIssuesTool(client),
    listIssuesTool(client),
    getIssueTool(client),
    listPullRequestsTool(client),
    getPullRequestTool(client),
    listReleasesTool(client),
    listTagsTool(client),
    listBranchesTool(client),
    codeChangesForIssueTool(client),
  ];
  return settings.writes ? [...reads, commentTool(client)] : reads;
}
