import { z } from "zod";
import { AppError } from "../../errors.ts";
import { fileCitation, shortSha } from "../citations.ts";
import type { GitHubClient } from "../client.ts";
import { resolveSha } from "./resolve-ref.ts";
import { allowedRepo, at, CONTENT_BUDGET, githubTool, refArg, repoArg } from "./shared.ts";

const MAX_LINES = 400;

const input = z.strictObject({
  repo: repoArg,
  path: z.string().min(1).max(500).describe("The file's path in the repository, e.g. src/post.ts"),
  ref: refArg,
  startLine: z.number().int().min(1).optional().describe("First line to return (1-based, default 1)"),
  endLine: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe(`Last line to return (default: up to ${MAX_LINES} lines on)`),
});

export function getFileTool(client: GitHubClient) {
  return githubTool(client, {
    name: "github_get_file",
    description:
      `Reads a file of a repository at a ref, with line numbers, ${MAX_LINES} lines at most per call: ask for a line range (startLine, endLine) to read a long file in parts. ` +
      "Cite what you use with the citation this returns (owner/repo@sha:path#Lstart-Lend).",
    input,
    target: (args) => `file ${args.path} in ${args.repo}`,
    async run(args, ctx) {
      const repo = allowedRepo(client, args.repo);
      const path = args.path.replace(/^\/+/, "");
      const sha = await resolveSha(client, repo, args.ref, ctx.signal);
      const { data } = await client.octokit.rest.repos.getContent({
        ...at(repo),
        path,
        ref: sha,
        mediaType: { format: "raw" },
        request: { signal: ctx.signal },
      });
      const where = `${repo.full}@${shortSha(sha)}:${path}`;
      if (Array.isArray(data)) {
        throw new AppError("unprocessable", `${where} is a directory; list it with github_get_tree`);
      }
      // The raw media type answers text (or bytes), though Octokit types the JSON shape.
      const raw: unknown = data;
      if (typeof raw !== "string" && !(raw instanceof ArrayBuffer)) {
        // JSON where the raw media type was asked for: not a binary file, and not unreachable.
        throw new AppError(
          "unavailable",
          `GitHub answered ${where} in an unexpected shape (not the file's bytes)`,
        );
      }
      const text = typeof raw === "string" ? raw : undefined;
      if (text === undefined || text.includes("\u0000")) {
        const size = raw instanceof ArrayBuffer ? raw.byteLength : (text?.length ?? 0);
        return {
          content: `${where} is a binary file of ${size} bytes; its content is not shown.`,
          summary: `${path} is binary`,
          citations: [fileCitation(client.webUrl, repo.full, sha, path)],
        };
      }
      return readLines(client, {
        where,
        repoFull: repo.full,
        sha,
        path,
        text,
        start: args.startLine,
        end: args.endLine,
      });
    },
  });
}

function readLines(
  client: GitHubClient,
  file: {
    where: string;
    repoFull: string;
    sha: string;
    path: string;
    text: string;
    start?: number | undefined;
    end?: number | undefined;
  },
) {
  const lines = file.text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  const total = lines.length;
  const start = file.start ?? 1;
  if (start > Math.max(total, 1)) {
    throw new AppError(
      "unprocessable",
      `${file.where} has ${total} lines; startLine ${start} is past its end`,
    );
  }
  const wanted = Math.min(total, file.end ?? total, start + MAX_LINES - 1);
  const numbered: string[] = [];
  let used = 0;
  let end = start - 1;
  for (let n = start; n <= wanted; n += 1) {
    const line = `${n}| ${lines[n - 1] ?? ""}`;
    if (used + line.length > CONTENT_BUDGET && numbered.length > 0) break;
    numbered.push(line);
    used += line.length + 1;
    end = n;
  }
  const more =
    end < total ? `\n[More: lines ${end + 1}-${total} remain; call again with startLine=${end + 1}.]` : "";
  const range = total === 0 ? "empty file" : `lines ${start}-${end} of ${total}`;
  return {
    content: `${file.where} (${range})\n${numbered.join("\n")}${more}`,
    summary: `Read ${total === 0 ? "an empty file" : `lines ${start}-${end}`} of ${file.path}`,
    citations: [
      fileCitation(
        client.webUrl,
        file.repoFull,
        file.sha,
        file.path,
        total === 0 ? undefined : { start, end },
      ),
    ],
  };
}
