import binaryExtensions from "binary-extensions";
import type { RepoFile, SkippedFile, SkipReason } from "./types.ts";

/**
 * Which tree entries the readers skip, decided from the path and size alone (no content is
 * fetched to decide). Directory names match any path segment, case-insensitively.
 */

/** Third-party code checked in beside the project's own. */
const VENDORED_DIRS = new Set([
  "node_modules",
  "bower_components",
  "jspm_packages",
  "vendor",
  "vendors",
  "third_party",
  "third-party",
  "thirdparty",
  ".yarn",
  ".pnpm-store",
  "pods",
  "carthage",
  ".venv",
  "venv",
  "site-packages",
  "__pypackages__",
  ".bundle",
  ".cargo",
]);

/** Build output, caches and coverage reports. */
const GENERATED_DIRS = new Set([
  "dist",
  "build",
  "out",
  "coverage",
  ".nyc_output",
  "__generated__",
  "generated",
  ".next",
  ".nuxt",
  ".svelte-kit",
  ".output",
  ".turbo",
  ".parcel-cache",
  ".cache",
  "__pycache__",
  ".mypy_cache",
  ".pytest_cache",
  ".tox",
  "target",
  ".gradle",
  ".terraform",
]);

/** Files package managers write: long, machine-made, and of no use to a reader. */
const LOCK_FILES = new Set([
  "package-lock.json",
  "npm-shrinkwrap.json",
  "yarn.lock",
  "pnpm-lock.yaml",
  "bun.lock",
  "bun.lockb",
  "deno.lock",
  "cargo.lock",
  "go.sum",
  "go.work.sum",
  "poetry.lock",
  "pipfile.lock",
  "pdm.lock",
  "uv.lock",
  "gemfile.lock",
  "composer.lock",
  "podfile.lock",
  "pubspec.lock",
  "mix.lock",
  "flake.lock",
  "packages.lock.json",
  "gradle.lockfile",
]);

/** File names code generators and bundlers produce (protobuf, minifiers, source maps, snapshots). */
const GENERATED_NAMES = [
  /\.min\.(js|mjs|cjs|css)$/,
  /\.map$/,
  /\.pb\.(go|cc|h|swift)$/,
  /\.pb\.gw\.go$/,
  /_pb2(_grpc)?\.pyi?$/,
  /_pb\.(js|d\.ts|ts)$/,
  /_grpc_pb\.(js|d\.ts)$/,
  /[._-]generated\.[a-z0-9]+$/,
  /\.g\.dart$/,
  /\.freezed\.dart$/,
  /\.designer\.cs$/,
  /\.snap$/,
];

/** Binary formats binary-extensions does not list (data, models, newer image and archive types). */
const MORE_BINARY_EXTENSIONS = [
  "avif",
  "heic",
  "zst",
  "db",
  "node",
  "glb",
  "parquet",
  "npy",
  "npz",
  "pkl",
  "h5",
  "onnx",
  "pt",
  "tflite",
];
const BINARY_EXTENSIONS = new Set([...binaryExtensions, ...MORE_BINARY_EXTENSIONS]);

/** Why a path is skipped by its name alone, or `null` when only its size could rule it out. */
export function skipReasonForPath(path: string): Exclude<SkipReason, "too_large" | "not_a_file"> | null {
  const parts = path.toLowerCase().split("/");
  const name = parts.pop() ?? "";
  if (parts.some((dir) => VENDORED_DIRS.has(dir))) return "vendored";
  if (parts.some((dir) => GENERATED_DIRS.has(dir))) return "generated";
  if (LOCK_FILES.has(name) || GENERATED_NAMES.some((pattern) => pattern.test(name))) return "generated";
  if (BINARY_EXTENSIONS.has(extensionOf(name))) return "binary";
  return null;
}

/**
 * Why a regular file is skipped (vendored, generated, binary by extension, or over
 * `maxFileBytes`), or `null` when the reader serves it. The name decides first, so a large
 * lock file is reported as generated rather than too large.
 */
export function skipReasonFor(path: string, size: number, maxFileBytes: number): SkipReason | null {
  return skipReasonForPath(path) ?? (size > maxFileBytes ? "too_large" : null);
}

/** Git modes of entries that are not regular files: symlinks and submodules (gitlinks). */
export function isNotAFile(mode: string): boolean {
  return mode === "120000" || mode === "160000";
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot <= 0 ? "" : name.slice(dot + 1);
}

/** A tree entry as git lists it: the readers' common input to {@link partitionTree}. */
export interface TreeEntry {
  path: string;
  /** Git file mode, e.g. `100644`, `120000` (symlink), `160000` (submodule). */
  mode: string;
  sha: string;
  size?: number;
}

/**
 * Splits a tree's entries (directories excluded) into files to serve and files skipped with
 * their reason, both sorted by path.
 */
export function partitionTree(
  entries: Iterable<TreeEntry>,
  maxFileBytes: number,
): { files: RepoFile[]; skipped: SkippedFile[] } {
  const files: RepoFile[] = [];
  const skipped: SkippedFile[] = [];
  for (const entry of entries) {
    const size = entry.size ?? 0;
    const reason = isNotAFile(entry.mode) ? "not_a_file" : skipReasonFor(entry.path, size, maxFileBytes);
    if (reason === null) files.push({ path: entry.path, blobSha: entry.sha, size });
    else
      skipped.push(
        entry.size === undefined ? { path: entry.path, reason } : { path: entry.path, reason, size },
      );
  }
  return { files: files.sort(byPath), skipped: skipped.sort(byPath) };
}

function byPath(a: { path: string }, b: { path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}
