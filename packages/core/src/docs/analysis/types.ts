import type { HistoryFacts, RepoFile, SkippedFile } from "../../repo/types.ts";

/**
 * The analysis of a repository at one commit, in two steps: facts about one file from its text
 * alone ({@link FileFacts}, cacheable by blob SHA, so an unchanged file is never read again), then
 * the whole-repository view aggregated from every file's facts ({@link Analysis}).
 */

/** A 1-based, inclusive line range. */
export interface LineRange {
  start: number;
  end: number;
}

export type ManifestKind = "npm" | "python" | "go" | "cargo" | "maven" | "gradle";

export interface Dependency {
  name: string;
  /** Version or constraint as written; empty when none. */
  version: string;
  /** Development/test-only. */
  dev: boolean;
}

/** A parsed package manifest (package.json, pyproject.toml, requirements*.txt, go.mod, Cargo.toml, pom.xml, build.gradle[.kts]). */
export interface Manifest {
  kind: ManifestKind;
  /** Package/module name when the manifest declares one. */
  name?: string;
  description?: string;
  dependencies: Dependency[];
  /** Runnable scripts (npm scripts, pyproject scripts, ...): name → command. */
  scripts: Record<string, string>;
  /** Entry points the manifest names (main, bin, module, exports, console scripts), as repo paths where resolvable. */
  entryPoints: string[];
  /**
   * package.json `exports` subpaths (`"."`, `"./db"`, `"./*"`) → repo paths (a `*` pattern keeps its
   * `*`), so imports of a workspace package resolve to its files.
   */
  exports?: Record<string, string>;
}

export interface ExportedSymbol {
  name: string;
  kind: "function" | "class" | "const" | "type" | "interface" | "other";
  lines: LineRange;
}

/** Why a file's own text makes it a starting point of a program. */
export interface EntryHint {
  /** "main function", "__main__ guard", "Dockerfile CMD", "Dockerfile ENTRYPOINT", ... */
  reason: string;
  /** The command it runs as written, when it names one (Dockerfile CMD/ENTRYPOINT). */
  command?: string;
}

export interface HttpRoute {
  /** Upper case, or `ANY`. */
  method: string;
  path: string;
  lines: LineRange;
}

/** What one file says about itself, from its path and text only. */
export interface FileFacts {
  path: string;
  blobSha: string;
  /** Language name (e.g. "TypeScript", "Python", "Go", "Markdown"); `null` when unknown. */
  language: string | null;
  lines: number;
  /** Import specifiers as written (`./ledger.ts`, `react`, `os.path`, `github.com/x/y/pkg`). */
  imports: string[];
  exports: ExportedSymbol[];
  routes: HttpRoute[];
  /** Set when the file is a manifest the analyser understands. */
  manifest?: Manifest;
  /** A test file by its name or location. */
  isTest: boolean;
  /** First heading/doc comment or module docstring, trimmed to one sentence; empty when none. */
  summaryHint: string;
  /** Set when the text marks the file as a program's start (Go `func main`, a Python `__main__` guard, a Dockerfile CMD). */
  entryHints?: EntryHint[];
}

export interface LanguageShare {
  language: string;
  files: number;
  lines: number;
  /** Share of all lines in files with a known language, 0..1. */
  share: number;
}

/** A top-level folder (or the root's own files, as `.`) and what it is for. */
export interface FolderFacts {
  path: string;
  files: number;
  lines: number;
  /** Languages by lines, most first. */
  languages: string[];
  /** What the folder is for, guessed from its name and content (e.g. "source", "tests", "documentation", "infrastructure"). */
  role: string;
}

export interface EntryPoint {
  path: string;
  /** Why it counts: "package.json bin", "main function", "Dockerfile CMD", "script: start", ... */
  reason: string;
}

/** A module (file) import graph, resolved to repository paths; external packages are left out. */
export interface ImportGraph {
  /** File → files it imports, both repository paths. */
  edges: { from: string; to: string }[];
  /** The same edges collapsed to top-level-or-second-level folders, with how many file edges each stands for. */
  folderEdges: { from: string; to: string; weight: number }[];
}

export interface TestLayout {
  /** Test files found. */
  files: number;
  /** Folders holding tests, most files first. */
  folders: string[];
  /** Frameworks seen in dependencies or imports (vitest, jest, pytest, go test, ...). */
  frameworks: string[];
  /** `beside the code`, `separate folder`, or `both`. */
  placement: "beside" | "separate" | "both" | "none";
}

export interface Analysis {
  label: string;
  commitSha: string;
  files: number;
  lines: number;
  languages: LanguageShare[];
  manifests: { path: string; manifest: Manifest }[];
  entryPoints: EntryPoint[];
  folders: FolderFacts[];
  graph: ImportGraph;
  tests: TestLayout;
  /** Candidate domain terms with where they are defined or used most. */
  glossary: { term: string; paths: string[] }[];
  history: HistoryFacts | null;
  skipped: SkippedFile[];
}

/** The analyser's inputs: the snapshot's files with their facts (from cache or fresh). */
export interface AnalysisInput {
  label: string;
  commitSha: string;
  files: RepoFile[];
  facts: Map<string, FileFacts>;
  history: HistoryFacts | null;
  skipped: SkippedFile[];
}
