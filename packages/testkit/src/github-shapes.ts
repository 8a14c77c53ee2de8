import type { components } from "@octokit/openapi-types";
import { type FileChange, rootTreeSha } from "./github-git.ts";
import type { CommentModel, CommitModel, IssueModel, RepoModel, ReviewModel } from "./github-repo-model.ts";

/**
 * The generated repository in GitHub's REST shapes. Each builder returns a subset of the real
 * schema's fields, typed by the Octokit OpenAPI types so a field's name and type cannot drift.
 */
type S = components["schemas"];

/** Where the server answers: `url` fields point at `api`, `html_url` fields at `web`. */
export interface Urls {
  api: string;
  web: string;
}

export function user(
  login: string,
  urls: Urls,
): Pick<S["simple-user"], "login" | "id" | "type" | "url" | "html_url"> {
  return {
    login,
    id: login.length * 1000 + login.charCodeAt(0),
    type: "User",
    url: `${urls.api}/users/${login}`,
    html_url: `${urls.web}/${login}`,
  };
}

const fullName = (m: RepoModel) => `${m.owner}/${m.name}`;
const repoApi = (m: RepoModel, urls: Urls) => `${urls.api}/repos/${fullName(m)}`;

export function repository(m: RepoModel, urls: Urls) {
  const repo: Pick<
    S["full-repository"],
    | "id"
    | "name"
    | "full_name"
    | "private"
    | "visibility"
    | "description"
    | "default_branch"
    | "html_url"
    | "url"
    | "language"
    | "topics"
    | "stargazers_count"
    | "forks_count"
    | "open_issues_count"
    | "pushed_at"
    | "created_at"
    | "updated_at"
    | "archived"
    | "license"
    | "size"
  > = {
    id: m.id,
    name: m.name,
    full_name: fullName(m),
    private: true,
    visibility: "private",
    description: m.description,
    default_branch: m.defaultBranch,
    html_url: `${urls.web}/${fullName(m)}`,
    url: repoApi(m, urls),
    language: "TypeScript",
    topics: ["finance", "ledger"],
    stargazers_count: 12,
    forks_count: 1,
    open_issues_count: m.issues.filter((i) => i.state === "open").length,
    pushed_at: "2026-02-10T09:00:00Z",
    created_at: m.createdAt,
    updated_at: "2026-02-10T09:00:00Z",
    archived: false,
    license: { key: "mit", name: "MIT License", spdx_id: "MIT", url: null, node_id: "L1" },
    size: 120,
  };
  return { ...repo, owner: user(m.owner, urls) };
}

export function commit(m: RepoModel, c: CommitModel, urls: Urls, files?: FileChange[]) {
  const person = { name: c.author, email: `${c.author}@acme.test`, date: c.date };
  const out: Pick<S["commit"], "sha" | "url" | "html_url" | "parents"> & {
    commit: Pick<
      S["commit"]["commit"],
      "message" | "author" | "committer" | "tree" | "url" | "comment_count"
    >;
  } = {
    sha: c.sha,
    url: `${repoApi(m, urls)}/commits/${c.sha}`,
    html_url: `${urls.web}/${fullName(m)}/commit/${c.sha}`,
    parents: c.parents.map((sha) => ({ sha, url: `${repoApi(m, urls)}/commits/${sha}` })),
    commit: {
      message: c.message,
      author: person,
      committer: person,
      tree: { sha: rootTreeSha(c.snapshot), url: `${repoApi(m, urls)}/git/trees/${rootTreeSha(c.snapshot)}` },
      url: `${repoApi(m, urls)}/git/commits/${c.sha}`,
      comment_count: 0,
    },
  };
  const author = user(c.author, urls);
  if (!files) return { ...out, author, committer: author };
  const additions = files.reduce((sum, f) => sum + f.additions, 0);
  const deletions = files.reduce((sum, f) => sum + f.deletions, 0);
  return {
    ...out,
    author,
    committer: author,
    stats: { additions, deletions, total: additions + deletions },
    files: files.map((f) => diffEntry(m, c.sha, f, urls)),
  };
}

export function diffEntry(m: RepoModel, ref: string, f: FileChange, urls: Urls): S["diff-entry"] {
  return {
    ...f,
    blob_url: `${urls.web}/${fullName(m)}/blob/${ref}/${f.filename}`,
    raw_url: `${urls.web}/${fullName(m)}/raw/${ref}/${f.filename}`,
    contents_url: `${repoApi(m, urls)}/contents/${f.filename}?ref=${ref}`,
  };
}

export function issue(m: RepoModel, i: IssueModel, urls: Urls) {
  const kind = i.pull ? "pull" : "issues";
  const out: Pick<
    S["issue"],
    | "id"
    | "number"
    | "title"
    | "body"
    | "state"
    | "url"
    | "html_url"
    | "comments"
    | "created_at"
    | "updated_at"
    | "closed_at"
    | "author_association"
    | "locked"
  > = {
    id: 10_000 + i.number,
    number: i.number,
    title: i.title,
    body: i.body,
    state: i.state,
    url: `${repoApi(m, urls)}/issues/${i.number}`,
    html_url: `${urls.web}/${fullName(m)}/${kind}/${i.number}`,
    comments: i.comments.length,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    closed_at: i.closedAt,
    author_association: "MEMBER",
    locked: false,
  };
  const labels = i.labels.map((name) => ({
    id: name.length,
    name,
    color: "ededed",
    description: null,
    default: false,
  }));
  const pull_request = i.pull
    ? {
        url: `${repoApi(m, urls)}/pulls/${i.number}`,
        html_url: out.html_url,
        diff_url: null,
        patch_url: null,
        merged_at: i.pull.merged ? i.closedAt : null,
      }
    : undefined;
  return {
    ...out,
    user: user(i.author, urls),
    labels,
    assignees: i.assignees.map((login) => user(login, urls)),
    assignee: i.assignees[0] ? user(i.assignees[0], urls) : null,
    ...(pull_request ? { pull_request } : {}),
  };
}

export function comment(m: RepoModel, number: number, c: CommentModel, urls: Urls) {
  const out: Pick<
    S["issue-comment"],
    "id" | "body" | "created_at" | "updated_at" | "html_url" | "url" | "issue_url" | "author_association"
  > = {
    id: c.id,
    body: c.body,
    created_at: c.createdAt,
    updated_at: c.createdAt,
    html_url: `${urls.web}/${fullName(m)}/issues/${number}#issuecomment-${c.id}`,
    url: `${repoApi(m, urls)}/issues/comments/${c.id}`,
    issue_url: `${repoApi(m, urls)}/issues/${number}`,
    author_association: "MEMBER",
  };
  return { ...out, user: user(c.author, urls) };
}

export function review(m: RepoModel, number: number, r: ReviewModel, urls: Urls) {
  const out: Pick<
    S["pull-request-review"],
    "id" | "body" | "state" | "submitted_at" | "commit_id" | "html_url" | "author_association"
  > = {
    id: r.id,
    body: r.body,
    state: r.state,
    submitted_at: r.submittedAt,
    commit_id: r.commitId,
    html_url: `${urls.web}/${fullName(m)}/pull/${number}#pullrequestreview-${r.id}`,
    author_association: "MEMBER",
  };
  return { ...out, user: user(r.author, urls) };
}
