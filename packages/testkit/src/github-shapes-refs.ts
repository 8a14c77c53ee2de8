import type { components } from "@octokit/openapi-types";
import { blobBytes, type Snapshot, treeEntries } from "./github-git.ts";
import type { CheckRunModel, IssueModel, RepoModel } from "./github-repo-model.ts";
import { issue, type Urls, user } from "./github-shapes.ts";

/** Pull requests, checks, releases, tags, branches, trees and contents in GitHub's REST shapes. */
type S = components["schemas"];

const repoApi = (m: RepoModel, urls: Urls) => `${urls.api}/repos/${m.owner}/${m.name}`;

export function pull(m: RepoModel, i: IssueModel, urls: Urls) {
  const p = i.pull;
  if (!p) throw new Error(`#${i.number} is not a pull request`);
  const base = issue(m, i, urls);
  const out: Pick<
    S["pull-request"],
    | "merged"
    | "merge_commit_sha"
    | "draft"
    | "additions"
    | "deletions"
    | "changed_files"
    | "commits"
    | "merged_at"
    | "mergeable_state"
    | "review_comments"
  > = {
    merged: p.merged,
    merge_commit_sha: p.mergeCommitSha,
    draft: false,
    additions: p.files.reduce((sum, f) => sum + f.additions, 0),
    deletions: p.files.reduce((sum, f) => sum + f.deletions, 0),
    changed_files: p.files.length,
    commits: p.commits.length,
    merged_at: p.merged ? i.closedAt : null,
    mergeable_state: "clean",
    review_comments: 0,
  };
  const ref = (side: { ref: string; sha: string }) => ({
    label: `${m.owner}:${side.ref}`,
    ref: side.ref,
    sha: side.sha,
    user: user(m.owner, urls),
  });
  const { pull_request: _link, ...fields } = base;
  return {
    ...fields,
    ...out,
    url: `${repoApi(m, urls)}/pulls/${i.number}`,
    head: ref(p.head),
    base: ref(p.base),
  };
}

export function checkRun(m: RepoModel, run: CheckRunModel, urls: Urls) {
  const out: Pick<
    S["check-run"],
    "id" | "name" | "head_sha" | "status" | "conclusion" | "html_url" | "url" | "started_at" | "completed_at"
  > = {
    id: run.id,
    name: run.name,
    head_sha: run.headSha,
    status: "completed",
    conclusion: run.conclusion,
    html_url: `${urls.web}/${m.owner}/${m.name}/runs/${run.id}`,
    url: `${repoApi(m, urls)}/check-runs/${run.id}`,
    started_at: "2026-02-01T10:00:00Z",
    completed_at: "2026-02-01T10:04:00Z",
  };
  return out;
}

export function release(m: RepoModel, r: RepoModel["releases"][number], urls: Urls) {
  const out: Pick<
    S["release"],
    | "id"
    | "tag_name"
    | "name"
    | "body"
    | "draft"
    | "prerelease"
    | "published_at"
    | "created_at"
    | "html_url"
    | "url"
    | "target_commitish"
  > = {
    id: r.id,
    tag_name: r.tag,
    name: r.name,
    body: r.body,
    draft: false,
    prerelease: false,
    published_at: r.publishedAt,
    created_at: r.publishedAt,
    html_url: `${urls.web}/${m.owner}/${m.name}/releases/tag/${r.tag}`,
    url: `${repoApi(m, urls)}/releases/${r.id}`,
    target_commitish: m.defaultBranch,
  };
  return { ...out, author: user(r.author, urls) };
}

export function tag(
  m: RepoModel,
  t: { name: string; sha: string },
  urls: Urls,
): Pick<S["tag"], "name" | "commit" | "zipball_url" | "tarball_url" | "node_id"> {
  return {
    name: t.name,
    commit: { sha: t.sha, url: `${repoApi(m, urls)}/commits/${t.sha}` },
    zipball_url: `${repoApi(m, urls)}/zipball/refs/tags/${t.name}`,
    tarball_url: `${repoApi(m, urls)}/tarball/refs/tags/${t.name}`,
    node_id: `T_${t.name}`,
  };
}

export function branch(m: RepoModel, name: string, sha: string, urls: Urls): S["short-branch"] {
  return {
    name,
    commit: { sha, url: `${repoApi(m, urls)}/commits/${sha}` },
    protected: name === m.defaultBranch,
  };
}

export function tree(m: RepoModel, sha: string, snapshot: Snapshot, urls: Urls): S["git-tree"] {
  return {
    sha,
    url: `${repoApi(m, urls)}/git/trees/${sha}`,
    truncated: false,
    tree: treeEntries(snapshot).map((e) => ({
      path: e.path,
      mode: e.type === "tree" ? "040000" : "100644",
      type: e.type,
      sha: e.sha,
      ...(e.size === undefined ? {} : { size: e.size }),
      url: `${repoApi(m, urls)}/git/${e.type === "tree" ? "trees" : "blobs"}/${e.sha}`,
    })),
  };
}

export function fileContent(
  m: RepoModel,
  path: string,
  content: string,
  sha: string,
  ref: string,
  urls: Urls,
): S["content-file"] {
  const links = contentLinks(m, path, sha, ref, "blob", urls);
  return {
    type: "file",
    encoding: "base64",
    size: blobBytes(content).length,
    name: path.split("/").at(-1) ?? path,
    path,
    content: blobBytes(content)
      .toString("base64")
      .replace(/(.{60})/g, "$1\n"),
    sha,
    ...links,
  };
}

export function directoryEntry(
  m: RepoModel,
  path: string,
  type: "file" | "dir",
  sha: string,
  size: number,
  ref: string,
  urls: Urls,
) {
  const links = contentLinks(m, path, sha, ref, type === "dir" ? "tree" : "blob", urls);
  return { type, size, name: path.split("/").at(-1) ?? path, path, sha, ...links };
}

function contentLinks(
  m: RepoModel,
  path: string,
  sha: string,
  ref: string,
  kind: "blob" | "tree",
  urls: Urls,
) {
  const url = `${repoApi(m, urls)}/contents/${path}?ref=${ref}`;
  const html_url = `${urls.web}/${m.owner}/${m.name}/${kind}/${ref}/${path}`;
  const git_url = `${repoApi(m, urls)}/git/${kind === "tree" ? "trees" : "blobs"}/${sha}`;
  const download_url = kind === "blob" ? `${urls.web}/${m.owner}/${m.name}/raw/${ref}/${path}` : null;
  return { url, html_url, git_url, download_url, _links: { self: url, git: git_url, html: html_url } };
}
