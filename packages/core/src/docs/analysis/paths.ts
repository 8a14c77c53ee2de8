/** Repository paths: `/`-separated, relative to the root, no leading `./` or `/`. */

/** `dir` joined with a relative path, `.` and `..` segments resolved; `null` when it climbs out of the root. */
export function resolvePath(dir: string, relative: string): string | null {
  const segments = dir === "" ? [] : dir.split("/");
  for (const segment of relative.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") {
      if (segments.length === 0) return null;
      segments.pop();
    } else segments.push(segment);
  }
  return segments.join("/");
}

/** Like {@link resolvePath}, keeping the relative path as written when it climbs out of the root. */
export function joinPath(dir: string, relative: string): string {
  return resolvePath(dir, relative) ?? relative;
}

/** The folder holding a path; `""` for the root. */
export function dirname(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash === -1 ? "" : path.slice(0, slash);
}

/** The last segment of a path. */
export function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}
