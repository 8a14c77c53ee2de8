import { z } from "zod";
import type { JiraApi } from "./client.ts";
import { parseJira } from "./schemas.ts";

/** Names Jira gives the story-points field: company-managed, then team-managed projects. */
const STORY_POINT_NAMES = ["story points", "story point estimate"];

const Fields = z.array(z.object({ id: z.string(), name: z.string(), custom: z.boolean().optional() }));

/**
 * Finds the story-points field once (by name, from `GET /rest/api/3/field`) unless `configured`
 * names it. A failed lookup is not remembered, so the next call tries again.
 */
export function storyPointsFieldResolver(configured?: string): (api: JiraApi) => Promise<string | undefined> {
  let found: Promise<string | undefined> | undefined;
  return (api) => {
    if (configured) return Promise.resolve(configured);
    found ??= detect(api).catch((error: unknown) => {
      found = undefined;
      throw error;
    });
    return found;
  };
}

async function detect(api: JiraApi): Promise<string | undefined> {
  const fields = parseJira(Fields, await api.cloud.issueFields.getFields(), "its field list");
  for (const name of STORY_POINT_NAMES) {
    const field = fields.find((f) => f.name.toLowerCase() === name);
    if (field) return field.id;
  }
  return undefined;
}
