import { isProgrammingLanguage } from "./languages.ts";
import type { FileFacts, FolderFacts, LanguageShare } from "./types.ts";

const ROLE_BY_NAME: [RegExp, string][] = [
  [/^(tests?|__tests__|specs?|e2e|integration|testing|testdata)$/, "tests"],
  [/^(docs?|documentation|wiki|guides?|manual)$/, "documentation"],
  [
    /^(infra|infrastructure|stacks?|deploy|deployments?|terraform|k8s|kubernetes|helm|charts|ops|\.github|\.ci|\.circleci|\.gitlab|\.buildkite|docker|ansible|cdk|pulumi)$/,
    "infrastructure",
  ],
  [/^(scripts?|bin|tools|tooling|hack|tasks)$/, "scripts"],
  [/^(config|configs|conf|settings|\.config|\.vscode|\.devcontainer|\.husky)$/, "configuration"],
  [/^(examples?|samples?|demos?|playground)$/, "examples"],
  [/^(web|frontend|ui|client|www|public|site|static|assets)$/, "web frontend"],
  [/^(packages|apps|libs|modules|crates|services|plugins|workspaces)$/, "packages (workspace)"],
  [/^(bench|benches|benchmarks?|perf)$/, "benchmarks"],
  [/^(vendor|third[-_]party|external)$/, "vendored"],
  [/^(migrations?|db|database|schemas?)$/, "database"],
  [/^(src|lib|source|app|pkg|internal|cmd|functions|server|backend|api|core)$/, "source"],
];

/** Languages by lines (files of unknown language left out), most lines first. */
export function languageShares(facts: FileFacts[]): LanguageShare[] {
  const totals = new Map<string, { files: number; lines: number }>();
  for (const f of facts) {
    if (f.language === null) continue;
    const total = totals.get(f.language) ?? { files: 0, lines: 0 };
    totals.set(f.language, { files: total.files + 1, lines: total.lines + f.lines });
  }
  const all = [...totals.values()].reduce((sum, t) => sum + t.lines, 0);
  return [...totals]
    .map(([language, t]) => ({
      language,
      files: t.files,
      lines: t.lines,
      share: all === 0 ? 0 : t.lines / all,
    }))
    .sort((a, b) => b.lines - a.lines || a.language.localeCompare(b.language));
}

/** Each top-level folder and the root's own files (as `.`), with what they hold and a guessed role. */
export function topFolders(paths: string[], facts: FileFacts[]): FolderFacts[] {
  const byFolder = new Map<string, { files: number; facts: FileFacts[] }>();
  const folderOf = (path: string) => (path.includes("/") ? path.slice(0, path.indexOf("/")) : ".");
  for (const path of paths) {
    const folder = byFolder.get(folderOf(path));
    if (folder) folder.files++;
    else byFolder.set(folderOf(path), { files: 1, facts: [] });
  }
  for (const f of facts) byFolder.get(folderOf(f.path))?.facts.push(f);
  return [...byFolder]
    .map(([path, folder]) => ({
      path,
      files: folder.files,
      lines: folder.facts.reduce((sum, f) => sum + f.lines, 0),
      languages: languageShares(folder.facts).map((s) => s.language),
      role: path === "." ? "root" : roleOf(path, folder.facts),
    }))
    .sort((a, b) => (a.path === "." ? -1 : b.path === "." ? 1 : a.path.localeCompare(b.path)));
}

/** A folder's role from its name, else from its content. */
export function roleOf(name: string, files: FileFacts[]): string {
  const named = ROLE_BY_NAME.find(([pattern]) => pattern.test(name.toLowerCase()));
  if (named) return named[1];
  const lines = (test: (f: FileFacts) => boolean) => files.filter(test).reduce((sum, f) => sum + f.lines, 0);
  const total = Math.max(
    1,
    lines(() => true),
  );
  if (files.filter((f) => f.isTest).length * 2 > files.length) return "tests";
  if (
    lines((f) => f.language === "Markdown" || f.language === "MDX" || f.language === "reStructuredText") * 2 >
    total
  ) {
    return "documentation";
  }
  if (lines((f) => f.language === "HCL" || f.language === "Dockerfile") * 2 > total) return "infrastructure";
  if (lines((f) => f.language === "Shell" || f.language === "PowerShell") * 2 > total) return "scripts";
  if (
    lines(
      (f) => f.language === "HTML" || f.language === "CSS" || f.language === "TSX" || f.language === "Vue",
    ) *
      2 >
    total
  ) {
    return "web frontend";
  }
  if (lines((f) => isProgrammingLanguage(f.language)) * 2 > total) return "source";
  if (lines((f) => f.language === "YAML" || f.language === "JSON" || f.language === "TOML") * 2 > total) {
    return "configuration";
  }
  return "other";
}
