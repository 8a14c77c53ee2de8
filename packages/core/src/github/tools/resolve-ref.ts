import { AppError } from "../../errors.ts";
import type { GitHubClient } from "../client.ts";
import { statusOf } from "../errors.ts";
import type { AllowedRepo } from "./shared.ts";

/**
 * The commit SHA a ref names (the default branch's head without one), so what a tool reads and
 * cites is pinned to one commit. GitHub answers this in its `sha` media type: a few bytes, and a
 * 304 from the ETag cache while the ref has not moved.
 */
export async function resolveSha(
  client: GitHubClient,
  repo: AllowedRepo,
  ref: string | undefined,
  signal: AbortSignal,
): Promise<string> {
  const { data } = await client.octokit
    .request("GET /repos/{owner}/{repo}/commits/{ref}", {
      owner: repo.owner,
      repo: repo.repo,
      ref: ref ?? "HEAD",
      mediaType: { format: "sha" },
      request: { signal },
    })
    .catch((error: unknown) => {
      // Otherwise the tool's own target ("file x in owner/repo") would be named as missing.
      const status = statusOf(error);
      if (ref !== undefined && (status === 404 || status === 422)) {
        throw new AppError("not_found", `GitHub has no branch, tag or commit "${ref}" in ${repo.full}`, {
          cause: error,
        });
      }
      throw error;
    });
  // The sha media type answers text, though Octokit types the JSON commit.
  const raw: unknown = data;
  const sha = typeof raw === "string" ? raw.trim() : "";
  if (!/^[0-9a-f]{40}$/.test(sha)) {
    // GitHub answered, just not with a SHA (a proxy that drops the media type, say): not "unreachable".
    throw new AppError(
      "unavailable",
      `GitHub answered the commit of ${ref ?? "the default branch"} in an unexpected shape (not a commit SHA)`,
    );
  }
  return sha;
}
