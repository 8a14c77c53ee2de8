/**
 * One way to read a repository, whatever holds it: GitHub at a ref (one recursive tree call, then
 * blobs by SHA as needed) or a git checkout on the worker's disk. Everything downstream (analysis,
 * indexing, documentation) works on these types and never on a source directly.
 */

/** Where a repository comes from. */
export type RepoSource =
  | { kind: "github"; owner: string; repo: string; ref?: string }
  | { kind: "local"; name: string; ref?: string };

/** A file the reader will serve, as the tree lists it. */
export interface RepoFile {
  /** Path from the repository root, `/`-separated, no leading slash. */
  path: string;
  /** Git blob SHA-1: the cache key for everything derived from the file's content. */
  blobSha: string;
  /** Size in bytes. */
  size: number;
}

export type SkipReason = "binary" | "vendored" | "generated" | "too_large" | "not_a_file";

/** A tree entry the reader will not serve, and why: the documentation says what it did not read. */
export interface SkippedFile {
  path: string;
  reason: SkipReason;
  size?: number;
}

/** The repository at one commit: what can be read and what was skipped. */
export interface RepoSnapshot {
  source: RepoSource;
  /** `owner/repo` for GitHub, `local/<name>` for a local checkout: the name citations use. */
  label: string;
  /** The ref asked for, or the default branch when none was. */
  ref: string;
  /** The full commit SHA the ref resolved to. */
  commitSha: string;
  /** Readable text candidates, sorted by path. */
  files: RepoFile[];
  skipped: SkippedFile[];
}

export interface CommitFact {
  sha: string;
  /** ISO 8601. */
  date: string;
  author: string;
  /** First line of the message. */
  subject: string;
}

/** What the source's history says, where it has one. */
export interface HistoryFacts {
  /** Newest first. */
  recentCommits: CommitFact[];
  /** Files touched by the most commits in the window read, most first; empty when the source cannot say cheaply. */
  mostChanged: { path: string; commits: number }[];
}

export interface RepoReader {
  /** Resolves the ref and lists the tree once. */
  snapshot(): Promise<RepoSnapshot>;
  /**
   * The file's text, or `null` when its content turns out to be binary (a NUL byte in the first
   * 8 KiB) or not UTF-8. Reads by blob SHA, so an unchanged file is never fetched twice by callers
   * that cache by SHA.
   */
  readText(file: RepoFile): Promise<string | null>;
  /** Recent history up to `commitSha`; `null` when the source has none. */
  history(commitSha: string): Promise<HistoryFacts | null>;
  /** Releases what the reader holds open (a local reader's `git cat-file` process), when anything. */
  close?(): void;
}
