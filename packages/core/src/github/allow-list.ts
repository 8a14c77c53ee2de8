import { AppError } from "../errors.ts";

const ENTRY = /^([A-Za-z0-9_.-]+)\/(\*|[A-Za-z0-9_.-]+)$/;

/** A repository named as `owner/repo`. */
export interface RepoRef {
  owner: string;
  repo: string;
}

/**
 * The repositories Finchat may read and write, from `GITHUB_ALLOW` (`owner/*` or `owner/repo`).
 * Matching ignores case, as GitHub does. An empty list allows nothing.
 */
export class AllowList {
  readonly entries: readonly string[];
  readonly #owners = new Set<string>();
  readonly #repos = new Set<string>();

  /** @throws Error naming an entry that is not `owner/*` or `owner/repo`. */
  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const match = entry.match(ENTRY);
      if (!match) throw new Error(`GITHUB_ALLOW: "${entry}" is not owner/* or owner/repo`);
      const [, owner = "", repo = ""] = match;
      if (repo === "*") this.#owners.add(owner.toLowerCase());
      else this.#repos.add(`${owner}/${repo}`.toLowerCase());
    }
    this.entries = [...entries];
  }

  allows(owner: string, repo: string): boolean {
    return this.#owners.has(owner.toLowerCase()) || this.#repos.has(`${owner}/${repo}`.toLowerCase());
  }

  /** True when every repository of `owner` is allowed (`owner/*`). */
  allowsOwner(owner: string): boolean {
    return this.#owners.has(owner.toLowerCase());
  }

  /** @throws AppError `forbidden` when the repository is not allowed. */
  assert(owner: string, repo: string): void {
    if (this.allows(owner, repo)) return;
    throw new AppError("forbidden", `${owner}/${repo} is not in the GitHub allow-list. ${this.describe()}`);
  }

  /** The repositories named one by one (not those covered by `owner/*`). */
  get namedRepos(): RepoRef[] {
    return this.entries
      .filter((entry) => !entry.endsWith("/*"))
      .map((entry) => {
        const [owner = "", repo = ""] = entry.split("/");
        return { owner, repo };
      });
  }

  describe(): string {
    return this.entries.length
      ? `Allowed: ${this.entries.join(", ")}.`
      : "No repository is allowed (GITHUB_ALLOW is empty).";
  }
}

/** Parses `owner/repo` as the model wrote it. @throws AppError `invalid_request` for anything else. */
export function parseRepo(fullName: string): RepoRef {
  const match = fullName.trim().match(/^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/);
  const [, owner = "", repo = ""] = match ?? [];
  if (!match || [owner, repo].some((part) => part === "." || part === "..")) {
    throw new AppError("invalid_request", `"${fullName}" is not a repository name of the form owner/repo`);
  }
  return { owner, repo };
}

/**
 * Checks a request URL path (relative to the API root) before it is sent: `/repos/{owner}/{repo}/...`
 * must be allowed; a search must be scoped with `repo:` qualifiers (or `org:`/`user:` of an owner
 * allowed whole) that are all allowed. Pagination links by repository id and `/rate_limit` pass;
 * every other path is refused.
 * @throws AppError `forbidden`
 */
export function assertRequestAllowed(allow: AllowList, path: string, query: URLSearchParams): void {
  const repoPath = path.match(/^\/repos\/([^/]+)\/([^/]+)/);
  if (repoPath) {
    allow.assert(decodeURIComponent(repoPath[1] ?? ""), decodeURIComponent(repoPath[2] ?? ""));
  } else if (path.startsWith("/search/")) {
    assertSearchScoped(allow, query.get("q") ?? "");
  } else if (!/^\/repositories\/\d+\//.test(path) && path !== "/rate_limit") {
    throw new AppError("forbidden", `GitHub path ${path} is outside the repositories Finchat may read`);
  }
}

function assertSearchScoped(allow: AllowList, q: string): void {
  const scopes = [...q.matchAll(/(?:^|\s)(repo|org|user):("[^"]*"|\S+)/gi)].map((m) => ({
    kind: (m[1] ?? "").toLowerCase(),
    value: (m[2] ?? "").replace(/"/g, ""),
  }));
  if (scopes.length === 0)
    throw new AppError("forbidden", "A GitHub search must name its repositories with repo:owner/name");
  for (const scope of scopes) {
    if (scope.kind === "repo") {
      const { owner, repo } = parseRepo(scope.value);
      allow.assert(owner, repo);
    } else if (!allow.allowsOwner(scope.value)) {
      throw new AppError(
        "forbidden",
        `${scope.kind}:${scope.value} covers repositories outside the allow-list. ${allow.describe()}`,
      );
    }
  }
}
