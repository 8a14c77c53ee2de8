import { z } from "zod";
import { defineTool } from "../../agent/tool.ts";
import type { JiraApi } from "../client.ts";
import { capText, cite, clip, toJson } from "../format.ts";
import { JiraUser, parseJira } from "../schemas.ts";
import type { JiraToolDeps } from "./deps.ts";

const Project = z.object({
  key: z.string(),
  name: z.string(),
  description: z.string().optional(),
  projectTypeKey: z.string().optional(),
  lead: JiraUser,
  components: z
    .array(z.object({ name: z.string(), description: z.string().optional(), lead: JiraUser.optional() }))
    .default([]),
  versions: z
    .array(
      z.object({
        name: z.string(),
        description: z.string().optional(),
        released: z.boolean().optional(),
        archived: z.boolean().optional(),
        startDate: z.string().optional(),
        releaseDate: z.string().optional(),
      }),
    )
    .default([]),
});
const ProjectPage = z.object({
  values: z.array(Project.pick({ key: true, name: true, projectTypeKey: true, lead: true })),
});

const input = z.strictObject({
  key: z
    .string()
    .max(20)
    .optional()
    .describe(
      "A project key for its components and versions; omit it to list the projects Finchat may read.",
    ),
});

const MAX_ITEMS = 60;

async function listProjects(api: JiraApi, deps: JiraToolDeps) {
  if (deps.allow.keys.length === 0) return [];
  const answer = await api.cloud.projects.searchProjects({ keys: [...deps.allow.keys], maxResults: 50 });
  return parseJira(ProjectPage, answer, "projects")
    .values.filter((p) => deps.allow.has(p.key))
    .map((p) => ({ key: p.key, name: p.name, type: p.projectTypeKey, lead: p.lead ?? undefined }));
}

async function oneProject(api: JiraApi, key: string) {
  const project = parseJira(
    Project,
    await api.cloud.projects.getProject({ projectIdOrKey: key }),
    `project ${key}`,
  );
  return {
    key: project.key,
    name: project.name,
    type: project.projectTypeKey,
    lead: project.lead ?? undefined,
    description: clip(project.description, 500),
    components: project.components.slice(0, MAX_ITEMS).map((c) => ({
      name: c.name,
      description: clip(c.description, 120),
      lead: c.lead ?? undefined,
    })),
    versions: project.versions.slice(-MAX_ITEMS).map((v) => ({
      name: v.name,
      released: v.released,
      archived: v.archived || undefined,
      start: v.startDate,
      release: v.releaseDate,
      description: clip(v.description, 120),
    })),
    componentCount: project.components.length,
    versionCount: project.versions.length,
  };
}

/** `jira_projects`: the allowed projects, or one project's components and versions. */
export function projectsTool(deps: JiraToolDeps) {
  return defineTool({
    name: "jira_projects",
    description:
      "List the Jira projects Finchat may read, or, given a key, one project with its lead, components and versions " +
      "(newest versions last).",
    kind: "read",
    input,
    async run(args, ctx) {
      const api = deps.jira.api(ctx.signal);
      if (args.key === undefined) {
        const projects = await listProjects(api, deps);
        return {
          content: toJson({ projects }),
          summary: `Listed ${projects.length} Jira projects`,
          citations: projects.map((p) => cite(deps.jira, p.key)),
        };
      }
      const key = deps.allow.assertProject(args.key);
      const project = await oneProject(api, key);
      return {
        content: capText(toJson(project)),
        summary: `Read project ${key}: ${project.componentCount} components, ${project.versionCount} versions`,
        citations: [cite(deps.jira, key)],
      };
    },
  });
}
