import { z } from "zod";
import { AppError } from "../../errors.ts";
import { shortSha } from "../citations.ts";
import type { GitHubClient } from "../client.ts";
import { decodeCursor, encodeCursor } from "../cursor.ts";
import { treeSchema } from "../schemas.ts";
import { resolveSha } from "./resolve-ref.ts";
import { allowedRepo, at, cursorArg, githubTool, parseGitHub, refArg, repoArg } from "./shared.ts";

const ENTRIES_PER_PAGE = 200;

const input = z.strictObject({
  repo: repoArg,
  ref: refArg,
  path: z
    .string()
    .max(500)
    .optional()
    .describe("A directory to list, e.g. src/accounts; the repository root when omitted"),
  depth: z
    .number()
    .int()
    .min(1)
    .max(20)
    .optional()
    .describe("Directory levels below path to include (default 2)"),
  cursor: cursorArg,
});

export function getTreeTool(client: GitHubClient) {
  return githubTool(client, {
    name: "github_get_tree",
    description:
      "Lists the files and directories of a repository at a ref, under a directory and down to a depth. Directories end with '/', files show their size in bytes. Long listings come in pages with nextCursor.",
    input,
    target: (args) => `the tree of ${args.repo}${args.path ? `/${args.path}` : ""}`,
    async run(args, ctx) {
      const repo = allowedRepo(client, args.repo);
      const { page } = decodeCursor(args);
      const sha = await resolveSha(client, repo, args.ref, ctx.signal);
      const { data } = await client.octokit.rest.git.getTree({
        ...at(repo),
        tree_sha: sha,
        recursive: "1",
        request: { signal: ctx.signal },
      });
      const tree = parseGitHub(treeSchema, data, "the tree");
      const dir = (args.path ?? "").replace(/^\/+|\/+$/g, "");
      const prefix = dir ? `${dir}/` : "";
      const depth = args.depth ?? 2;
      const entries = tree.tree
        .filter((e) => e.path.startsWith(prefix) && e.path.slice(prefix.length).split("/").length <= depth)
        .map((e) => (e.type === "tree" ? `${e.path}/` : `${e.path} (${e.size ?? 0})`));
      if (entries.length === 0 && dir && !tree.tree.some((e) => e.path === dir)) {
        throw new AppError("not_found", `${repo.full} has no directory ${dir} at ${shortSha(sha)}`);
      }
      const start = (page - 1) * ENTRIES_PER_PAGE;
      const shown = entries.slice(start, start + ENTRIES_PER_PAGE);
      const more = start + ENTRIES_PER_PAGE < entries.length;
      const result = {
        repository: repo.full,
        commit: sha,
        path: dir || "/",
        depth,
        totalEntries: entries.length,
        entries: shown,
        ...(tree.truncated
          ? { note: "GitHub truncated this tree; list a subdirectory to see all of it" }
          : {}),
        nextCursor: more ? encodeCursor(args, { page: page + 1 }) : null,
      };
      return {
        content: JSON.stringify(result),
        summary: `Listed ${shown.length} of ${entries.length} entries in ${repo.full}/${dir} at ${shortSha(sha)}`,
        citations: [
          {
            kind: "github",
            label: `${repo.full}@${shortSha(sha)}:${dir || "/"}`,
            url: `${client.webUrl}/${repo.full}/tree/${sha}/${dir}`,
          },
        ],
      };
    },
  });
}
