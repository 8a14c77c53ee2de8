import type { Tool } from "../../agent/tool.ts";
import { ProjectAllowList } from "../allow-list.ts";
import type { JiraClient, JiraConfig } from "../client.ts";
import { storyPointsFieldResolver } from "../story-points.ts";
import { addCommentTool } from "./add-comment.ts";
import { boardsTool, sprintsTool } from "./boards.ts";
import { createIssueTool } from "./create-issue.ts";
import type { JiraToolDeps } from "./deps.ts";
import { getIssueTool } from "./get-issue.ts";
import { issueActivityTool } from "./issue-activity.ts";
import { logWorkTool } from "./log-work.ts";
import { projectsTool } from "./projects.ts";
import { searchTool } from "./search.ts";
import { sprintIssuesTool, sprintSummaryTool } from "./sprints.ts";
import { transitionIssueTool } from "./transition-issue.ts";
import { transitionsTool } from "./transitions.ts";
import { findUsersTool } from "./users.ts";

export interface JiraToolOptions {
  /** The story-points field id, when detecting it by name (`Story Points`) would not find it. */
  storyPointsField?: string;
}

/**
 * The Jira tool set over `client`, limited to `config.projects`. Reads: search, issue, activity,
 * projects, boards, sprints, sprint issues and summary, transitions, users. Writes (each needs a
 * person's approval): create issue, add comment, transition issue, log work.
 */
export function jiraTools(
  client: JiraClient,
  config: Pick<JiraConfig, "projects">,
  options: JiraToolOptions = {},
): Tool[] {
  const deps: JiraToolDeps = {
    jira: client,
    allow: new ProjectAllowList(config.projects),
    storyPointsField: storyPointsFieldResolver(options.storyPointsField),
  };
  return [
    searchTool(deps),
    getIssueTool(deps),
    issueActivityTool(deps),
    projectsTool(deps),
    boardsTool(deps),
    sprintsTool(deps),
    sprintIssuesTool(deps),
    sprintSummaryTool(deps),
    transitionsTool(deps),
    findUsersTool(deps),
    createIssueTool(deps),
    addCommentTool(deps),
    transitionIssueTool(deps),
    logWorkTool(deps),
  ] as Tool[];
}
