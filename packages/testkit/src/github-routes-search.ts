import type { IssueModel, RepoModel } from "./github-repo-model.ts";
import {
  history,
  paginate,
  type Route,
  type RouteAnswer,
  type RouteRequest,
  validationFailed,
} from "./github-route.ts";
import { commit, issue, repository } from "./github-shapes.ts";

/** `/search/code`, `/search/issues` and `/search/commits` over the generated repository. */
export const searchRoutes: Route[] = [
  { method: "GET", pattern: /^\/search\/code$/, handler: searchCode },
  { method: "GET", pattern: /^\/search\/issues$/, handler: searchIssues },
  { method: "GET", pattern: /^\/search\/commits$/, handler: searchCommits },
];

interface SearchQuery {
  terms: string[];
  qualifiers: Map<string, string[]>;
}

/** Splits a search query into lower-cased free-text terms (quotes kept together) and `key:value` qualifiers. */
export function parseSearchQuery(q: string): SearchQuery {
  const terms: string[] = [];
  const qualifiers = new Map<string, string[]>();
  for (const match of q.matchAll(/(\w+):("[^"]*"|\S+)|"([^"]*)"|(\S+)/g)) {
    const [, key, value, quoted, word] = match;
    if (key && value)
      qualifiers.set(key.toLowerCase(), [
        ...(qualifiers.get(key.toLowerCase()) ?? []),
        value.replace(/"/g, ""),
      ]);
    else terms.push((quoted ?? word ?? "").toLowerCase());
  }
  return { terms: terms.filter(Boolean), qualifiers };
}

function inRepo(model: RepoModel, query: SearchQuery): boolean {
  const repos = query.qualifiers.get("repo") ?? [];
  const owners = [...(query.qualifiers.get("org") ?? []), ...(query.qualifiers.get("user") ?? [])];
  const full = `${model.owner}/${model.name}`.toLowerCase();
  return (
    repos.some((r) => r.toLowerCase() === full) ||
    owners.some((o) => o.toLowerCase() === model.owner.toLowerCase())
  );
}

const results = (req: RouteRequest, items: unknown[]) =>
  paginate(req, items, (page) => ({ total_count: items.length, incomplete_results: false, items: page }));

function searchCode(req: RouteRequest): RouteAnswer {
  const query = parseSearchQuery(req.query.get("q") ?? "");
  if (query.terms.length === 0) return validationFailed("a search term is required");
  if (!inRepo(req.model, query)) return results(req, []);
  const head = req.model.commits.get(req.model.branches.get(req.model.defaultBranch) ?? "");
  const pathFilter = query.qualifiers.get("path")?.[0];
  const textMatch = String(req.headers.accept ?? "").includes("text-match");
  const items = [...(head?.snapshot ?? [])]
    .filter(
      ([path, text]) =>
        (!pathFilter || path.startsWith(pathFilter)) &&
        query.terms.every((t) => text.toLowerCase().includes(t)),
    )
    .map(([path, text]) => {
      const line = text.split("\n").find((l) => l.toLowerCase().includes(query.terms[0] ?? "")) ?? "";
      const api = `${req.urls.api}/repos/${req.model.owner}/${req.model.name}`;
      return {
        name: path.split("/").at(-1),
        path,
        sha: head?.sha,
        url: `${api}/contents/${path}?ref=${head?.sha}`,
        git_url: `${api}/git/blobs/${head?.sha}`,
        html_url: `${req.urls.web}/${req.model.owner}/${req.model.name}/blob/${head?.sha}/${path}`,
        repository: repository(req.model, req.urls),
        score: 1,
        ...(textMatch
          ? {
              text_matches: [
                { object_type: "FileContent", property: "content", fragment: line, matches: [] },
              ],
            }
          : {}),
      };
    });
  return results(req, items);
}

function issueMatches(i: IssueModel, query: SearchQuery): boolean {
  const is = query.qualifiers.get("is") ?? [];
  const type = query.qualifiers.get("type")?.[0];
  const state = query.qualifiers.get("state")?.[0];
  const kinds = [...is, ...(type ? [type] : [])];
  if (kinds.includes("pr") && !i.pull) return false;
  if (kinds.includes("issue") && i.pull) return false;
  if ((is.includes("open") || state === "open") && i.state !== "open") return false;
  if ((is.includes("closed") || state === "closed") && i.state !== "closed") return false;
  if (is.includes("merged") && !i.pull?.merged) return false;
  if (!(query.qualifiers.get("label") ?? []).every((l) => i.labels.includes(l))) return false;
  const author = query.qualifiers.get("author")?.[0];
  if (author && i.author !== author) return false;
  const head = query.qualifiers.get("head")?.[0];
  if (head && !i.pull?.head.ref.includes(head)) return false;
  const text = `${i.title}\n${i.body}\n${i.pull?.head.ref ?? ""}`.toLowerCase();
  return query.terms.every((t) => text.includes(t));
}

function searchIssues(req: RouteRequest): RouteAnswer {
  const query = parseSearchQuery(req.query.get("q") ?? "");
  if (!inRepo(req.model, query)) return results(req, []);
  const found = req.model.issues.filter((i) => issueMatches(i, query)).reverse();
  return results(
    req,
    found.map((i) => ({ ...issue(req.model, i, req.urls), score: 1 })),
  );
}

function searchCommits(req: RouteRequest): RouteAnswer {
  const query = parseSearchQuery(req.query.get("q") ?? "");
  if (query.terms.length === 0) return validationFailed("a search term is required");
  if (!inRepo(req.model, query)) return results(req, []);
  const seen = new Set<string>();
  const found = [...req.model.branches.values()]
    .flatMap((sha) => history(req.model, sha))
    .filter(
      (c) =>
        !seen.has(c.sha) && seen.add(c.sha) && query.terms.every((t) => c.message.toLowerCase().includes(t)),
    )
    .sort((a, b) => (a.date < b.date ? 1 : -1));
  return results(
    req,
    found.map((c) => ({
      ...commit(req.model, c, req.urls),
      repository: repository(req.model, req.urls),
      score: 1,
    })),
  );
}
