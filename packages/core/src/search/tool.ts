import { z } from "zod";
import { defineTool } from "../agent/tool.ts";
import type { Config } from "../config.ts";
import type { Queryable } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { AllowList, parseRepo } from "../github/allow-list.ts";
import { webUrlFor } from "../github/client.ts";
import { fitJson } from "../github/tools/shared.ts";
import { ProjectAllowList } from "../jira/allow-list.ts";
import type { Logger } from "../observability/logger.ts";
import type { SearchLinks } from "./cite.ts";
import type { Embedder } from "./embedder.ts";
import { searchIndex } from "./search.ts";
import { type IndexedSource, listSources } from "./store.ts";

export interface SearchToolDeps {
  db: Queryable;
  embedder?: Embedder | undefined;
  githubAllow: AllowList;
  jiraAllow: ProjectAllowList;
  /** Names of the local checkouts that may be read (config.localRepos). */
  localRepos: readonly string[];
  links: SearchLinks;
  logger?: Logger;
}

/** The tool's dependencies from the configuration. */
export function searchToolDeps(
  config: Pick<Config, "github" | "jira" | "localRepos">,
  db: Queryable,
  embedder?: Embedder,
): SearchToolDeps {
  return {
    db,
    embedder,
    githubAllow: new AllowList(config.github.allow),
    jiraAllow: new ProjectAllowList(config.jira.projects),
    localRepos: Object.keys(config.localRepos),
    links: { githubWebUrl: webUrlFor(config.github.apiUrl), jiraHost: config.jira.host },
  };
}

const input = z.strictObject({
  query: z
    .string()
    .min(1)
    .max(300)
    .describe("What to find, in words or identifiers, e.g. 'where are journal entries posted' or postEntry"),
  repos: z
    .array(z.string().min(3).max(140))
    .max(10)
    .optional()
    .describe("Only these repositories: owner/name, or local/<name> for a local checkout"),
  projects: z
    .array(z.string().min(1).max(20))
    .max(10)
    .optional()
    .describe("Only these Jira projects, e.g. FIN"),
  limit: z.number().int().min(1).max(20).optional().describe("Passages to return (default 8)"),
});

/** Whether code may show this source: the same allow-lists as the GitHub and Jira tools. */
function isAllowed(deps: SearchToolDeps, source: IndexedSource): boolean {
  if (source.kind === "jira") return deps.jiraAllow.has(source.label);
  const [owner = "", name = ""] = source.label.split("/");
  if (source.kind === "local") return owner === "local" && deps.localRepos.includes(name);
  return deps.githubAllow.allows(owner, name);
}

/** The requested repositories, checked. @throws AppError `forbidden` naming one outside the allow-lists. */
function checkedRepos(deps: SearchToolDeps, repos: readonly string[]): string[] {
  return repos.map((repo) => {
    const { owner, repo: name } = parseRepo(repo);
    if (owner.toLowerCase() === "local") {
      if (!deps.localRepos.includes(name)) {
        const known = deps.localRepos.length ? deps.localRepos.map((n) => `local/${n}`).join(", ") : "none";
        throw new AppError("forbidden", `${repo} is not an allowed local checkout. Allowed: ${known}.`);
      }
      return `local/${name}`;
    }
    deps.githubAllow.assert(owner, name);
    return `${owner}/${name}`;
  });
}

/**
 * `search_code_and_issues`: one search over the indexed code of the allowed repositories and the
 * issues of the allowed Jira projects, answering passages with citations. Sources outside the
 * allow-lists are never searched, even when they were indexed.
 */
export function searchCodeAndIssuesTool(deps: SearchToolDeps) {
  return defineTool({
    name: "search_code_and_issues",
    description:
      "Searches the indexed code of the allowed repositories and the indexed Jira issues of the allowed projects at once " +
      "(full text, and by meaning when embeddings are configured). Returns passages with citations like " +
      "owner/repo@sha:path#L10-L40 or FIN-123. Read more of a file with github_get_file, or an issue with jira_get_issue.",
    kind: "read",
    input,
    async run(args, ctx) {
      const repos = args.repos ? checkedRepos(deps, args.repos) : [];
      const projects = (args.projects ?? []).map((p) => deps.jiraAllow.assertProject(p));
      const requested = new Map([...repos, ...projects].map((label) => [label.toLowerCase(), label]));
      const allowed = (await listSources(deps.db)).filter((source) => isAllowed(deps, source));
      const searched = allowed
        .filter((source) => requested.size === 0 || requested.has(source.label.toLowerCase()))
        .map((source) => source.label);
      const indexed = new Set(searched.map((label) => label.toLowerCase()));
      const notIndexed = [...requested].filter(([key]) => !indexed.has(key)).map(([, label]) => label);
      const hits = await searchIndex({
        db: deps.db,
        query: args.query,
        sources: searched,
        limit: args.limit ?? 8,
        embedder: deps.embedder,
        links: deps.links,
        signal: ctx.signal,
        userId: ctx.userId,
        ...(deps.logger ? { logger: deps.logger } : {}),
      });
      const result = {
        query: args.query,
        searched,
        ...(notIndexed.length ? { notIndexed, note: "These sources are allowed but not indexed yet." } : {}),
        hits: hits.map((hit) => ({
          citation: hit.citation.label,
          url: hit.citation.url,
          score: Number(hit.score.toFixed(4)),
          snippet: hit.snippet,
        })),
      };
      return {
        content: fitJson(result, "hits"),
        summary: `Found ${hits.length} passages for "${args.query.slice(0, 80)}" in ${searched.length} indexed sources`,
        citations: hits.map((hit) => hit.citation),
      };
    },
  });
}
