import type { Analysis, FileFacts } from "../analysis/types.ts";
import { compare } from "./inputs.ts";
import { chooseModules, type ModuleInfo, moduleLookup } from "./modules.ts";
import type { SourceRef } from "./types.ts";

/** Languages that are text, data or markup rather than code: they do not make a folder a module. */
const NON_CODE_LANGUAGES = new Set([
  "markdown",
  "json",
  "yaml",
  "toml",
  "xml",
  "text",
  "plain text",
  "csv",
  "ini",
  "restructuredtext",
  "svg",
  "css",
  "scss",
  "sass",
  "less",
]);

/** What every page planner reads: the analysis, the facts and the views derived from them once. */
export interface PlanContext {
  analysis: Analysis;
  facts: ReadonlyMap<string, FileFacts>;
  modules: ModuleInfo[];
  moduleOf: (path: string) => ModuleInfo | undefined;
  /** Files importing each file. */
  importers: Map<string, string[]>;
  /** Files each file imports. */
  imports: Map<string, string[]>;
  entryPaths: Set<string>;
  /** The root README (or the shallowest one), when there is one. */
  readme: string | undefined;
}

export function isCodeFile(facts: FileFacts | undefined): boolean {
  return !!facts?.language && !NON_CODE_LANGUAGES.has(facts.language.toLowerCase());
}

export function planContext(analysis: Analysis, facts: ReadonlyMap<string, FileFacts>): PlanContext {
  const paths = [...facts.keys()].sort(compare);
  const modules = chooseModules(paths, (p) => isCodeFile(facts.get(p)));
  const importers = new Map<string, string[]>();
  const imports = new Map<string, string[]>();
  for (const { from, to } of analysis.graph.edges) {
    push(importers, to, from);
    push(imports, from, to);
  }
  const readmes = paths.filter((p) => /(^|\/)readme(\.[a-z]+)?$/i.test(p));
  readmes.sort((a, b) => a.split("/").length - b.split("/").length || compare(a, b));
  return {
    analysis,
    facts,
    modules,
    moduleOf: moduleLookup(modules),
    importers,
    imports,
    entryPaths: new Set(analysis.entryPoints.map((e) => e.path)),
    readme: readmes[0],
  };
}

/**
 * How much a file matters to a reader, for choosing what to show and summarise when a page cannot
 * show everything: imported by many, an entry point, exporting much, and not a test.
 */
export function importance(context: PlanContext, path: string): number {
  const f = context.facts.get(path);
  const importedBy = context.importers.get(path)?.length ?? 0;
  const entry = context.entryPaths.has(path) ? 10 : 0;
  const test = f?.isTest ? -20 : 0;
  return importedBy * 3 + entry + (f?.exports.length ?? 0) + (f?.routes.length ?? 0) * 2 + test;
}

/** The `count` most important of `paths`, most important first (ties by path). */
export function mostImportant(context: PlanContext, paths: Iterable<string>, count: number): string[] {
  const scored = [...paths].map((p) => ({ p, score: importance(context, p) }));
  scored.sort((a, b) => b.score - a.score || compare(a.p, b.p));
  return scored.slice(0, count).map((s) => s.p);
}

/** The files one page cites or summarises; paths without facts (never read) are refused. */
export class SourceSet {
  readonly #facts: ReadonlyMap<string, FileFacts>;
  readonly #refs = new Map<string, SourceRef>();

  constructor(facts: ReadonlyMap<string, FileFacts>) {
    this.#facts = facts;
  }

  /** Adds `path`; false when there are no facts for it (then the page must not cite it). */
  add(path: string): boolean {
    if (this.#refs.has(path)) return true;
    const f = this.#facts.get(path);
    if (!f) return false;
    this.#refs.set(path, { path, blobSha: f.blobSha, lines: f.lines });
    return true;
  }

  /** The subset of `paths` that could be added, in order. */
  addAll(paths: Iterable<string>): string[] {
    return [...paths].filter((p) => this.add(p));
  }

  list(): SourceRef[] {
    return [...this.#refs.values()].sort((a, b) => compare(a.path, b.path));
  }
}

/** Rounds to two significant digits: pages show "about 12,000 lines", so a one-line edit changes no page. */
export function roughly(n: number): number {
  if (n < 100) return n;
  const scale = 10 ** (Math.floor(Math.log10(n)) - 1);
  return Math.round(n / scale) * scale;
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
