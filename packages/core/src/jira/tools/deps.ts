import type { ProjectAllowList } from "../allow-list.ts";
import type { JiraApi, JiraClient } from "../client.ts";

/** What every Jira tool works with. */
export interface JiraToolDeps {
  jira: JiraClient;
  allow: ProjectAllowList;
  /** The id of the story-points field (e.g. `customfield_10016`), or undefined when the site has none. */
  storyPointsField(api: JiraApi): Promise<string | undefined>;
}
