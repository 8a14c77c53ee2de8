import { blobBytes, gitBlobSha } from "./github-git.ts";
import type { RepoModel } from "./github-repo-model.ts";
import { notFound, type Route, type RouteRequest } from "./github-route.ts";

/** Git data routes under `/repos/{owner}/{repo}/git` beside the tree (which lives with the repo routes). */
export const gitRoutes: Route[] = [
  { method: "GET", pattern: /^\/git\/blobs\/([0-9a-f]{40})$/, handler: getBlob },
];

/** The blob with this SHA in any commit, base64 with a line break every 60 characters as GitHub sends it. */
function getBlob(req: RouteRequest, [sha]: string[]) {
  const content = blobsOf(req.model).get(sha ?? "");
  if (content === undefined) return notFound();
  const bytes = blobBytes(content);
  const api = `${req.urls.api}/repos/${req.model.owner}/${req.model.name}`;
  return {
    status: 200,
    body: {
      sha,
      node_id: `B_${sha}`,
      size: bytes.length,
      url: `${api}/git/blobs/${sha}`,
      content: `${bytes.toString("base64").replace(/(.{60})/g, "$1\n")}\n`,
      encoding: "base64",
    },
  };
}

interface BlobIndex {
  /** Commits indexed so far: commits are only ever added, so later ones are indexed on demand. */
  commits: number;
  seen: Set<string>;
  bySha: Map<string, string>;
}

const indexes = new WeakMap<RepoModel, BlobIndex>();

/** Blob SHA → content over every commit of the model, kept up to date as commits are pushed. */
function blobsOf(model: RepoModel): Map<string, string> {
  const index = indexes.get(model) ?? { commits: 0, seen: new Set<string>(), bySha: new Map() };
  indexes.set(model, index);
  if (index.commits === model.commits.size) return index.bySha;
  for (const commit of [...model.commits.values()].slice(index.commits)) {
    for (const content of commit.snapshot.values()) {
      if (index.seen.has(content)) continue;
      index.seen.add(content);
      index.bySha.set(gitBlobSha(content), content);
    }
  }
  index.commits = model.commits.size;
  return index.bySha;
}
