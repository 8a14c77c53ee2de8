import { diffSnapshots } from "./github-git.ts";
import {
  type CommitModel,
  type IssueModel,
  nextId,
  type PullModel,
  type RepoModel,
} from "./github-repo-model.ts";

interface PullSpec {
  title: string;
  body: string;
  author: string;
  state: "open" | "closed";
  head: { ref: string; sha: string };
  base: { sha: string; mergeBase: string };
  merged: boolean;
  commits: string[];
}

/** Adds the pull requests after the issues: an open feature, a merged fix, a closed experiment. */
export function buildPulls(model: RepoModel, main: string[], feature: string[]): void {
  const head = main.at(-1) as string;
  const forkPoint = main[main.length - 4] as string;
  const specs: PullSpec[] = [
    {
      title: "FIN-42: accrual engine",
      body: "Adds accruals at close. Closes FIN-42.",
      author: "alice",
      state: "open",
      head: { ref: "feature/FIN-42-accruals", sha: feature.at(-1) as string },
      base: { sha: head, mergeBase: forkPoint },
      merged: false,
      commits: feature,
    },
    {
      title: "FIN-12: stop double posting",
      body: "Posting was not idempotent.",
      author: "bob",
      state: "closed",
      head: { ref: "fix/FIN-12-posting", sha: main[2] as string },
      base: { sha: main[1] as string, mergeBase: main[1] as string },
      merged: true,
      commits: [main[2] as string],
    },
    {
      title: "Experiment with banker's rounding",
      body: "Not for merging.",
      author: "carol",
      state: "closed",
      head: { ref: "experiment/rounding", sha: forkPoint },
      base: { sha: head, mergeBase: forkPoint },
      merged: false,
      commits: [],
    },
  ];
  for (const spec of specs) model.issues.push(pullIssue(model, spec));
}

function pullIssue(model: RepoModel, spec: PullSpec): IssueModel {
  const number = model.issues.length + 1;
  const at = model.commits.get(spec.head.sha) as CommitModel;
  const base = model.commits.get(spec.base.mergeBase) as CommitModel;
  const pull: PullModel = {
    head: spec.head,
    base: { ref: model.defaultBranch, sha: spec.base.sha },
    merged: spec.merged,
    mergeCommitSha: spec.merged ? spec.head.sha : null,
    commits: spec.commits,
    files: diffSnapshots(base.snapshot, at.snapshot),
    reviews:
      spec.state === "open"
        ? [
            review(model, "bob", "CHANGES_REQUESTED", "Please round half-even.", spec.head.sha, at.date),
            review(model, "carol", "APPROVED", "Looks right to me.", spec.head.sha, at.date),
          ]
        : [],
    checkRuns: [
      { id: nextId(model), name: "test", conclusion: "success", headSha: spec.head.sha },
      {
        id: nextId(model),
        name: "lint",
        conclusion: spec.state === "open" ? "failure" : "success",
        headSha: spec.head.sha,
      },
    ],
  };
  return {
    number,
    title: spec.title,
    body: spec.body,
    state: spec.state,
    labels: [],
    author: spec.author,
    assignees: [],
    createdAt: at.date,
    updatedAt: at.date,
    closedAt: spec.state === "closed" ? at.date : null,
    comments: [
      { id: nextId(model), author: "carol", body: `Discussed in standup (#${number}).`, createdAt: at.date },
    ],
    pull,
  };
}

function review(
  model: RepoModel,
  author: string,
  state: "APPROVED" | "CHANGES_REQUESTED",
  body: string,
  commitId: string,
  submittedAt: string,
) {
  return { id: nextId(model), author, state, body, commitId, submittedAt };
}
