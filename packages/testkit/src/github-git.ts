import { createHash } from "node:crypto";

/** A file as it changed between two snapshots, in the shape GitHub's commit and compare files use. */
export interface FileChange {
  filename: string;
  status: "added" | "modified" | "removed";
  additions: number;
  deletions: number;
  changes: number;
  /** The blob SHA after the change (before it, for a removed file). */
  sha: string;
  patch: string;
}

/** A repository's files at one commit: path → text. */
export type Snapshot = ReadonlyMap<string, string>;

export function sha1(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}

/**
 * The bytes a snapshot's text stands for: UTF-8, except for content with a NUL character, which
 * stands for binary data one character per byte (so keep such content to characters up to U+00FF).
 */
export function blobBytes(content: string): Buffer {
  return Buffer.from(content, content.includes("\u0000") ? "latin1" : "utf8");
}

/** The SHA git gives a blob with this content. */
export function gitBlobSha(content: string): string {
  const bytes = blobBytes(content);
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/**
 * A one-hunk unified diff without context: the lines between the common head and tail of the two
 * texts. It is a valid patch, if not the smallest one.
 */
export function unifiedPatch(
  before: string,
  after: string,
): { patch: string; additions: number; deletions: number } {
  const a = splitLines(before);
  const b = splitLines(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head += 1;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail += 1;
  const removed = a.slice(head, a.length - tail);
  const added = b.slice(head, b.length - tail);
  const range = (start: number, count: number) => `${count === 0 ? start : start + 1},${count}`;
  const header = `@@ -${range(head, removed.length)} +${range(head, added.length)} @@`;
  const body = [...removed.map((line) => `-${line}`), ...added.map((line) => `+${line}`)];
  return { patch: [header, ...body].join("\n"), additions: added.length, deletions: removed.length };
}

/** The files that differ between two snapshots, sorted by path. */
export function diffSnapshots(before: Snapshot, after: Snapshot): FileChange[] {
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  const changes: FileChange[] = [];
  for (const filename of paths) {
    const old = before.get(filename);
    const now = after.get(filename);
    if (old === now) continue;
    const status = old === undefined ? "added" : now === undefined ? "removed" : "modified";
    const { patch, additions, deletions } = unifiedPatch(old ?? "", now ?? "");
    const sha = gitBlobSha(now ?? old ?? "");
    changes.push({ filename, status, additions, deletions, changes: additions + deletions, sha, patch });
  }
  return changes;
}

type TreeEntry = { path: string; type: "tree" | "blob"; sha: string; size?: number };

const entriesOf = new WeakMap<Snapshot, TreeEntry[]>();
const rootShaOf = new WeakMap<Snapshot, string>();

/**
 * Tree entries (directories and blobs) of a snapshot, as `git ls-tree -r -t` lists them. A
 * snapshot never changes once built, so its entries are computed once.
 */
export function treeEntries(snapshot: Snapshot): TreeEntry[] {
  const known = entriesOf.get(snapshot);
  if (known) return known;
  const dirKeys = new Map<string, string[]>();
  const entries: TreeEntry[] = [];
  for (const [path, content] of snapshot) {
    const sha = gitBlobSha(content);
    entries.push({ path, type: "blob", sha, size: blobBytes(content).length });
    const parts = path.split("/");
    for (let i = 1; i < parts.length; i += 1) {
      const dir = parts.slice(0, i).join("/");
      const keys = dirKeys.get(dir) ?? [];
      keys.push(`${path}:${sha}`);
      dirKeys.set(dir, keys);
    }
  }
  for (const [dir, keys] of dirKeys)
    entries.push({ path: dir, type: "tree", sha: sha1(`tree:${dir}:${keys.join("|")}`) });
  entries.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
  entriesOf.set(snapshot, entries);
  return entries;
}

/** The SHA of a snapshot's root tree. */
export function rootTreeSha(snapshot: Snapshot): string {
  const known = rootShaOf.get(snapshot);
  if (known) return known;
  const blobs = treeEntries(snapshot).filter((e) => e.type === "blob");
  const byPath = new Map(blobs.map((e) => [e.path, e.sha]));
  const sha = sha1(`tree::${[...snapshot.keys()].map((path) => `${path}:${byPath.get(path)}`).join("|")}`);
  rootShaOf.set(snapshot, sha);
  return sha;
}
