import { z } from "zod";
import type { Citation } from "../../agent/tool.ts";
import { AppError } from "../../errors.ts";
import { commitCitation, issueCitation } from "../citations.ts";
import type { GitHubClient } from "../client.ts";
import { isJiraKey, mentionsKey } from "../jira-keys.ts";
import { commitSearchSchema, diffEntrySchema, issueSearchSchema, pullSchema } from "../schemas.ts";
import { commitLine } from "./commits.ts";
import { findBranches } from "./refs.ts";
import {
  type AllowedRepo,
  allowedRepo,
  at,
  clip,
  fitJson,
  githubTool,
  parseGitHub,
  part,
  partOr,
  SEARCH_TIMED_OUT,
} from "./shared.ts";

const MAX_RESULTS = 50;
const PULLS_WITH_FILES = 5;

const input = z.strictObject({
  key: z.string().min(3).max(40).describe("The Jira issue key, e.g. FIN-42"),
  repos: z
    .array(z.string().min(3).max(140))
    .min(1)
    .max(10)
    .optional()
    .describe("Repositories (owner/name) to look in; default: every repository the allow-list names"),
});

interface PullFound {
  number: number;
  title: string;
  state: string;
  head: string | null;
  url: string;
  matchedIn: string[];
}

export function codeChangesForIssueTool(client: GitHubClient) {
  return githubTool(client, {
    name: "github_code_changes_for_issue",
    description:
      "Answers 'what code changed for PROJ-123': finds the pull requests (by title, description or branch), commits (by message) and branches (by name) that mention a Jira key, with the files each pull request changed.",
    input,
    target: (args) => `code changes for ${args.key}`,
    async run(args, ctx) {
      if (!isJiraKey(args.key))
        throw new AppError("invalid_request", `"${args.key}" is not a Jira key like FIN-42`);
      const repos = args.repos ? args.repos.map((r) => allowedRepo(client, r)) : namedRepos(client);
      const perRepo = [];
      for (const repo of repos) perRepo.push(await changesIn(client, repo, args.key, ctx.signal));
      const result = { key: args.key, repositories: perRepo.map((r) => r.result) };
      const counts = perRepo.reduce(
        (sum, r) => sum + r.result.pullRequests.length + (r.result.commits?.length ?? 0),
        0,
      );
      const partial = perRepo
        .filter((r) => Object.keys(r.incomplete).length > 0)
        .map((r) => r.result.repository);
      return {
        content: fitJson(result),
        summary:
          `Found ${counts} pull requests and commits for ${args.key} in ${repos.length} repositories` +
          (partial.length ? ` (partial: some requests failed in ${partial.join(", ")})` : ""),
        citations: [{ kind: "jira", label: args.key }, ...perRepo.flatMap((r) => r.citations)],
      };
    },
  });
}

function namedRepos(client: GitHubClient): AllowedRepo[] {
  const named = client.allow.namedRepos;
  if (named.length === 0) {
    throw new AppError(
      "invalid_request",
      "Name the repositories to search in repos: the allow-list only names whole owners",
    );
  }
  return named.map((r) => ({ ...r, full: `${r.owner}/${r.repo}` }));
}

async function changesIn(client: GitHubClient, repo: AllowedRepo, key: string, signal: AbortSignal) {
  const request = { signal };
  // Each search stands on its own: one that fails (or that GitHub cut short) is named in
  // `incomplete`, and a list only it feeds is null; so a complete answer's empty list means GitHub
  // answered and found nothing.
  const timedOut: string[] = [];
  const [commitHits, pullHits, branchScan] = await Promise.all([
    part(signal, async () => {
      const { data } = await client.octokit.rest.search.commits({
        q: `${key} repo:${repo.full}`,
        per_page: MAX_RESULTS,
        request,
      });
      const found = parseGitHub(commitSearchSchema, data, "the commit search");
      if (found.incomplete_results) timedOut.push("commit search");
      return found.items.filter((c) => mentionsKey(c.commit.message, key));
    }),
    part(signal, async () => {
      const { data } = await client.octokit.rest.search.issuesAndPullRequests({
        q: `${key} repo:${repo.full} is:pr`,
        per_page: MAX_RESULTS,
        request,
      });
      const found = parseGitHub(issueSearchSchema, data, "the pull request search");
      if (found.incomplete_results) timedOut.push("pull request search");
      return found.items;
    }),
    part(signal, () => findBranches(client, repo, key, signal)),
  ]);
  const incomplete: Record<string, string> = {};
  for (const search of timedOut) incomplete[search] = SEARCH_TIMED_OUT;
  const commits = partOr(commitHits, null, incomplete, "commit search");
  const pullItems = partOr(pullHits, null, incomplete, "pull request search");
  const scan = partOr(branchScan, null, incomplete, "branch scan");
  if (!commits && !pullItems && !scan) {
    throw new AppError(
      "unavailable",
      `Could not look for ${key} in ${repo.full}: every search failed (${Object.entries(incomplete)
        .map(([what, why]) => `${what}: ${why}`)
        .join("; ")})`,
    );
  }
  const branches = scan ? scan.branches.filter((b) => mentionsKey(b.name, key)) : null;
  const pulls = new Map<number, PullFound>();
  for (const p of pullItems ?? []) {
    const matchedIn = [
      ...(mentionsKey(p.title, key) ? ["title"] : []),
      ...(mentionsKey(p.body, key) ? ["description"] : []),
    ];
    if (matchedIn.length)
      pulls.set(p.number, {
        number: p.number,
        title: p.title,
        state: p.pull_request?.merged_at ? "merged" : p.state,
        head: null,
        url: p.html_url,
        matchedIn,
      });
  }
  for (const branch of branches ?? []) {
    const listed = await part(signal, async () => {
      const { data } = await client.octokit.rest.pulls.list({
        ...at(repo),
        head: `${repo.owner}:${branch.name}`,
        state: "all",
        per_page: 10,
        request,
      });
      return parseGitHub(z.array(pullSchema), data, "the pull request list");
    });
    for (const p of partOr(listed, [], incomplete, `pull requests of branch ${branch.name}`)) {
      const known = pulls.get(p.number);
      const state = p.merged_at ? "merged" : p.state;
      pulls.set(p.number, {
        number: p.number,
        title: p.title,
        state,
        head: p.head.ref,
        url: p.html_url,
        matchedIn: [...(known?.matchedIn ?? []), "branch"],
      });
    }
  }
  const pullList = [...pulls.values()].sort((a, b) => b.number - a.number);
  const withFiles = await Promise.all(
    pullList.map(async (p, i) => {
      if (i >= PULLS_WITH_FILES) return p;
      const files = await part(signal, () => pullFiles(client, repo, p.number, signal));
      return {
        ...p,
        title: clip(p.title, 200),
        files: partOr(files, null, incomplete, `files of pull request #${p.number}`),
      };
    }),
  );
  const citations: Citation[] = [
    ...pullList.map((p) => issueCitation(repo.full, p.number, p.url)),
    ...(commits ?? []).map((c) => commitCitation(client.webUrl, repo.full, c.sha)),
  ];
  const complete = Object.keys(incomplete).length === 0;
  const result = {
    repository: repo.full,
    pullRequests: withFiles,
    commits: commits ? commits.map(commitLine) : null,
    branches: branches ? branches.map((b) => b.name) : null,
    ...(scan && !scan.complete ? { note: "Only the first 1000 branches were scanned" } : {}),
    ...(complete
      ? {}
      : {
          incomplete: {
            ...incomplete,
            note: "These requests failed, so this repository's answer is partial: more may exist than is listed.",
          },
        }),
  };
  return { result, citations, incomplete };
}

async function pullFiles(client: GitHubClient, repo: AllowedRepo, number: number, signal: AbortSignal) {
  const { data } = await client.octokit.rest.pulls.listFiles({
    ...at(repo),
    pull_number: number,
    per_page: 30,
    request: { signal },
  });
  return parseGitHub(z.array(diffEntrySchema), data, "the pull request files").map(
    (f) => `${f.filename} (${f.status}, +${f.additions}/-${f.deletions})`,
  );
}
