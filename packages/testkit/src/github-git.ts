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

/** The SHA git gives a blob with this content. */
export function gitBlobSha(content: string): string {
  const bytes = Buffer.from(content, "utf8");
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

/** Tree entries (directories and blobs) of a snapshot, as `git ls-tree -r -t` lists them. */
export function treeEntries(
  snapshot: Snapshot,
): { path: string; type: "tree" | "blob"; sha: string; size?: number }[] {
  const dirs = new Set<string>();
  for (const path of snapshot.keys()) {
    const parts = path.split("/");
    for (let i = 1; i < parts.length; i += 1) dirs.add(parts.slice(0, i).join("/"));
  }
  const entries: { path: string; type: "tree" | "blob"; sha: string; size?: number }[] = [];
  for (const dir of dirs)
    entries.push({ path: dir, type: "tree", sha: sha1(`tree:${dir}:${treeKey(snapshot, dir)}`) });
  for (const [path, content] of snapshot) {
    entries.push({ path, type: "blob", sha: gitBlobSha(content), size: Buffer.byteLength(content) });
  }
  return entries.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}

/** What a directory holds, so its SHA changes exactly when its content does. */
function treeKey(snapshot: Snapshot, dir: string): string {
  return [...snapshot]
    .filter(([path]) => path.startsWith(`${dir}/`))
    .map(([path, content]) => `${path}:${gitBlobSha(content)}`)
    .join("|");
}

/** The SHA of a snapshot's root tree. */
export function rootTreeSha(snapshot: Snapshot): string {
  return sha1(`tree::${[...snapshot].map(([path, content]) => `${path}:${gitBlobSha(content)}`).join("|")}`);
}
