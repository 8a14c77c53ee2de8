import type { GitHubClient } from "../client.ts";
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
  const { data } = await client.octokit.request("GET /repos/{owner}/{repo}/commits/{ref}", {
    owner: repo.owner,
    repo: repo.repo,
    ref: ref ?? "HEAD",
    mediaType: { format: "sha" },
    request: { signal },
  });
  const sha = String(data).trim();
  if (!/^[0-9a-f]{40}$/.test(sha)) throw new Error(`GitHub did not answer a commit SHA for ${ref ?? "HEAD"}`);
  return sha;
}
