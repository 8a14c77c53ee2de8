import { z } from "zod";
import type { GitHubClient } from "../github/client.ts";
import { extractJiraKeys } from "../github/jira-keys.ts";
import { commitSchema, pullSchema } from "../github/schemas.ts";
import { parseGitHub } from "../github/tools/shared.ts";
import type { CapLine, CapReport, EpicEvidence, IsoDate } from "./types.ts";

/** Pull requests and commits listed per epic; the rest are counted in `morePulls` / `moreCommits`. */
export const EVIDENCE_LIMIT = 20;
/** Pull requests (most recently updated) and commits (latest up to the period's end) read per repository. */
export const EVIDENCE_SCAN = 100;

export interface EvidenceScope {
  epicKey: string;
  /** The keys of the epic's issues with work in the period. */
  issueKeys: string[];
}

type Pull = EpicEvidence["pulls"][number];
type Commit = EpicEvidence["commits"][number];

/**
 * GitHub evidence per epic: the pull requests whose title or branch, and the commits whose message,
 * carry the epic's key or one of its issues' keys (the same key join as github_code_changes_for_issue),
 * in the repositories GITHUB_ALLOW names. One pull listing and one commit listing per repository
 * serve every epic of the request. Null when GitHub is not configured.
 */
export async function collectEvidence(
  github: GitHubClient | undefined,
  scopes: readonly EvidenceScope[],
  until: IsoDate,
  signal: AbortSignal,
): Promise<Map<string, EpicEvidence> | null> {
  if (!github) return null;
  const epicOf = new Map<string, Set<string>>();
  for (const scope of scopes) {
    for (const key of [scope.epicKey, ...scope.issueKeys]) {
      const epics = epicOf.get(key) ?? new Set<string>();
      epics.add(scope.epicKey);
      epicOf.set(key, epics);
    }
  }
  const found = new Map(
    scopes.map((s) => [s.epicKey, { pulls: new Map<string, Pull>(), commits: new Map<string, Commit>() }]),
  );
  const unavailable: string[] = [];
  const epicsFor = (...texts: (string | null | undefined)[]) =>
    new Set(texts.flatMap((t) => extractJiraKeys(t)).flatMap((key) => [...(epicOf.get(key) ?? [])]));
  for (const { owner, repo } of github.allow.namedRepos) {
    const full = `${owner}/${repo}`;
    try {
      const [pulls, commits] = await Promise.all([
        github.octokit.rest.pulls.list({
          owner,
          repo,
          state: "all",
          sort: "updated",
          direction: "desc",
          per_page: EVIDENCE_SCAN,
          request: { signal },
        }),
        github.octokit.rest.repos.listCommits({
          owner,
          repo,
          until: `${until}T23:59:59Z`,
          per_page: EVIDENCE_SCAN,
          request: { signal },
        }),
      ]);
      for (const p of parseGitHub(z.array(pullSchema), pulls.data, "the pull request list")) {
        for (const epic of epicsFor(p.title, p.head.ref)) {
          found.get(epic)?.pulls.set(`${full}#${p.number}`, {
            repo: full,
            number: p.number,
            title: p.title,
            url: p.html_url,
          });
        }
      }
      for (const c of parseGitHub(z.array(commitSchema), commits.data, "the commit list")) {
        const message = c.commit.message.split("\n")[0] ?? "";
        for (const epic of epicsFor(c.commit.message)) {
          found.get(epic)?.commits.set(`${full}@${c.sha}`, {
            repo: full,
            sha: c.sha,
            message,
            url: c.html_url ?? `${github.webUrl}/${full}/commit/${c.sha}`,
          });
        }
      }
    } catch (error) {
      if (signal.aborted) throw error;
      unavailable.push(full);
    }
  }
  return new Map(
    [...found].map(([epic, { pulls, commits }]) => [
      epic,
      {
        pulls: [...pulls.values()].slice(0, EVIDENCE_LIMIT),
        commits: [...commits.values()].slice(0, EVIDENCE_LIMIT),
        ...(pulls.size > EVIDENCE_LIMIT ? { morePulls: pulls.size - EVIDENCE_LIMIT } : {}),
        ...(commits.size > EVIDENCE_LIMIT ? { moreCommits: commits.size - EVIDENCE_LIMIT } : {}),
        ...(unavailable.length ? { unavailable } : {}),
      },
    ]),
  );
}

/** The report with each epic's evidence, looked up by the epic's and its lines' issue keys (null without GitHub). */
export async function withEvidence(
  github: GitHubClient | undefined,
  report: CapReport,
  lines: readonly CapLine[],
  signal: AbortSignal,
): Promise<CapReport> {
  const issueKeysByEpic = new Map<string, Set<string>>();
  for (const line of lines) {
    if (!line.epicKey || !line.issueKey) continue;
    const keys = issueKeysByEpic.get(line.epicKey) ?? new Set<string>();
    keys.add(line.issueKey);
    issueKeysByEpic.set(line.epicKey, keys);
  }
  const scopes = report.epics.flatMap((e) =>
    e.epicKey ? [{ epicKey: e.epicKey, issueKeys: [...(issueKeysByEpic.get(e.epicKey) ?? [])] }] : [],
  );
  const evidence = await collectEvidence(github, scopes, report.period.to, signal);
  if (!evidence) return report;
  return {
    ...report,
    epics: report.epics.map((e) => (e.epicKey ? { ...e, evidence: evidence.get(e.epicKey) ?? null } : e)),
  };
}
