import { type FileChange, rootTreeSha, type Snapshot, sha1 } from "./github-git.ts";
import {
  baseFiles,
  commitChange,
  commitMessage,
  generatedFiles,
  issueText,
  people,
} from "./github-repo-content.ts";
import { buildPulls } from "./github-repo-pulls.ts";
import { sourceTree } from "./github-repo-sources.ts";

export interface CommitModel {
  sha: string;
  parents: string[];
  message: string;
  author: string;
  date: string;
  snapshot: Snapshot;
}

export interface CommentModel {
  id: number;
  author: string;
  body: string;
  createdAt: string;
}

export interface ReviewModel {
  id: number;
  author: string;
  state: "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED";
  body: string;
  submittedAt: string;
  commitId: string;
}

export interface CheckRunModel {
  id: number;
  name: string;
  conclusion: "success" | "failure";
  headSha: string;
}

export interface PullModel {
  head: { ref: string; sha: string };
  base: { ref: string; sha: string };
  merged: boolean;
  mergeCommitSha: string | null;
  reviews: ReviewModel[];
  checkRuns: CheckRunModel[];
  commits: string[];
  files: FileChange[];
}

export interface IssueModel {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  labels: string[];
  author: string;
  assignees: string[];
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  comments: CommentModel[];
  pull?: PullModel;
}

/** A generated repository: the data the testkit GitHub server answers from. */
export interface RepoModel {
  id: number;
  owner: string;
  name: string;
  description: string;
  defaultBranch: string;
  createdAt: string;
  commits: Map<string, CommitModel>;
  branches: Map<string, string>;
  tags: { name: string; sha: string }[];
  releases: { id: number; tag: string; name: string; body: string; publishedAt: string; author: string }[];
  issues: IssueModel[];
  nextId: number;
  /** Recursive trees with more entries are cut and marked truncated, as GitHub does past 100,000. */
  treeEntryLimit?: number;
}

export interface RepoOptions {
  owner?: string;
  name?: string;
  /** Commits on the default branch (at least 5). Default 30. */
  commits?: number;
  /** Plain issues before the pull requests. Default 24. */
  issues?: number;
  /** Extra small files under generated/ in the first commit. Default 0. */
  extraFiles?: number;
  /**
   * A generated multi-language source tree of about this many files (TypeScript, JavaScript,
   * Python, Go, with manifests, tests and files to skip) in the first commit, for benchmarks
   * and analysis tests. Default 0 (none).
   */
  sourceFiles?: number;
  /** Truncate recursive trees past this many entries (default: never). */
  treeEntryLimit?: number;
}

const start = Date.UTC(2026, 0, 5, 9);
const day = (n: number) => new Date(start + n * 86_400_000).toISOString().replace(".000Z", "Z");

/** Builds the generated repository: a linear main branch, a feature branch, tags, releases, issues and pulls. */
export function buildRepo(options: RepoOptions = {}): RepoModel {
  const owner = options.owner ?? "acme";
  const name = options.name ?? "ledger";
  const model: RepoModel = {
    id: 4242,
    owner,
    name,
    description: "Double-entry bookkeeping for the finance team",
    defaultBranch: "main",
    createdAt: day(-30),
    commits: new Map(),
    branches: new Map(),
    tags: [],
    releases: [],
    issues: [],
    nextId: 1000,
    ...(options.treeEntryLimit === undefined ? {} : { treeEntryLimit: options.treeEntryLimit }),
  };
  const sources = options.sourceFiles ? sourceTree(options.sourceFiles) : {};
  const main = buildHistory(model, Math.max(5, options.commits ?? 30), {
    ...generatedFiles(options.extraFiles ?? 0),
    ...sources,
  });
  model.branches.set("main", main.at(-1) as string);
  const forkPoint = main[main.length - 4] as string;
  const feature = [
    addCommit(model, forkPoint, "FIN-42: accrual engine", "alice", 40, {
      "src/accruals.ts":
        "export function accrue(cents: number, days: number): number {\n  return Math.round((cents * days) / 365);\n}\n",
    }),
  ];
  feature.push(
    addCommit(model, feature[0] as string, "FIN-42: post accruals at close", "alice", 41, {
      "src/post.ts": `${baseFiles["src/post.ts"]}export const ACCRUALS = true;\n`,
    }),
  );
  model.branches.set("feature/FIN-42-accruals", feature.at(-1) as string);
  model.branches.set("release/1.x", main[Math.floor(main.length / 2)] as string);
  for (const dep of ["decimal", "vitest", "zod"]) model.branches.set(`dependabot/npm/${dep}`, forkPoint);
  for (const [i, at] of [
    Math.floor(main.length / 3),
    Math.floor((2 * main.length) / 3),
    main.length - 2,
  ].entries()) {
    const tag = `v1.${i}.0`;
    model.tags.push({ name: tag, sha: main[at] as string });
    model.releases.push({
      id: nextId(model),
      tag,
      name: `Ledger ${tag}`,
      body: `Release ${tag}`,
      publishedAt: day(at),
      author: "bob",
    });
  }
  model.tags.reverse();
  model.releases.reverse();
  buildIssues(model, options.issues ?? 24);
  buildPulls(model, main, feature);
  return model;
}

export function nextId(model: RepoModel): number {
  model.nextId += 1;
  return model.nextId;
}

/**
 * Adds a commit on the default branch that writes `files` (a `null` content deletes the file),
 * a day after the branch's head, and moves the branch to it. Returns the new commit's SHA.
 */
export function pushCommit(
  model: RepoModel,
  files: Record<string, string | null>,
  message = "Update files",
  author = "alice",
): string {
  const parent = model.branches.get(model.defaultBranch);
  const head = parent ? model.commits.get(parent) : undefined;
  const snapshot = new Map(head?.snapshot ?? []);
  for (const [path, content] of Object.entries(files)) {
    if (content === null) snapshot.delete(path);
    else snapshot.set(path, content);
  }
  const date = new Date(Date.parse(head?.date ?? day(0)) + 86_400_000).toISOString().replace(".000Z", "Z");
  const sha = sha1(`${parent ?? ""}\n${message}\n${date}\n${rootTreeSha(snapshot)}`);
  model.commits.set(sha, { sha, parents: parent ? [parent] : [], message, author, date, snapshot });
  model.branches.set(model.defaultBranch, sha);
  return sha;
}

function addCommit(
  model: RepoModel,
  parent: string | undefined,
  message: string,
  author: string,
  dayNumber: number,
  changes: Record<string, string>,
): string {
  const before = parent ? (model.commits.get(parent)?.snapshot ?? new Map()) : new Map<string, string>();
  const snapshot = new Map([...before, ...Object.entries(changes)]);
  const sha = sha1(`${parent ?? ""}\n${message}\n${[...snapshot].join("\n")}`);
  model.commits.set(sha, {
    sha,
    parents: parent ? [parent] : [],
    message,
    author,
    date: day(dayNumber),
    snapshot,
  });
  return sha;
}

function buildHistory(model: RepoModel, count: number, extraFiles: Record<string, string>): string[] {
  const shas = [addCommit(model, undefined, "Initial ledger", "alice", 0, { ...baseFiles, ...extraFiles })];
  for (let n = 1; n < count; n += 1) {
    const parent = shas.at(-1) as string;
    const { path, line } = commitChange(n);
    const before = model.commits.get(parent)?.snapshot.get(path) ?? "";
    const author = people[n % people.length] as string;
    shas.push(addCommit(model, parent, commitMessage(n), author, n, { [path]: `${before}${line}` }));
  }
  return shas;
}

function buildIssues(model: RepoModel, count: number): void {
  for (let n = 1; n <= count; n += 1) {
    const { title, body, labels } = issueText(n);
    const comments = Array.from({ length: n === 3 ? 35 : n % 5 }, (_, i) => ({
      id: nextId(model),
      author: people[(n + i) % people.length] as string,
      body: `Comment ${i + 1} on issue ${n}`,
      createdAt: day(n + i + 1),
    }));
    model.issues.push({
      number: n,
      title,
      body,
      state: n % 3 === 0 ? "closed" : "open",
      labels,
      author: people[n % people.length] as string,
      assignees: n % 2 === 0 ? ["bob"] : [],
      createdAt: day(n),
      updatedAt: day(n + 2),
      closedAt: n % 3 === 0 ? day(n + 3) : null,
      comments,
    });
  }
}
