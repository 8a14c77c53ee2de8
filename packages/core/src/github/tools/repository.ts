import { z } from "zod";
import type { GitHubClient } from "../client.ts";
import { repositorySchema } from "../schemas.ts";
import { allowedRepo, at, githubTool, parseGitHub, repoArg } from "./shared.ts";

const input = z.strictObject({ repo: repoArg });

export function getRepositoryTool(client: GitHubClient) {
  return githubTool(client, {
    name: "github_get_repository",
    description:
      "Facts about one GitHub repository: description, default branch, language, topics, visibility, licence, stars, open issue count and last push.",
    input,
    target: (args) => `repository ${args.repo}`,
    async run(args, ctx) {
      const repo = allowedRepo(client, args.repo);
      const { data } = await client.octokit.rest.repos.get({ ...at(repo), request: { signal: ctx.signal } });
      const r = parseGitHub(repositorySchema, data, "the repository");
      const facts = {
        repository: r.full_name,
        description: r.description ?? null,
        defaultBranch: r.default_branch,
        visibility: r.visibility ?? (r.private ? "private" : "public"),
        language: r.language ?? null,
        topics: r.topics ?? [],
        license: r.license?.spdx_id ?? null,
        stars: r.stargazers_count,
        forks: r.forks_count,
        openIssuesAndPulls: r.open_issues_count,
        lastPush: r.pushed_at ?? null,
        archived: r.archived ?? false,
        url: r.html_url,
      };
      return {
        content: JSON.stringify(facts),
        summary: `Read ${r.full_name} (default branch ${r.default_branch})`,
        citations: [{ kind: "github", label: r.full_name, url: r.html_url }],
      };
    },
  });
}
