import { entryPoints } from "./entry-points.ts";
import { languageShares, topFolders } from "./folders.ts";
import { glossary } from "./glossary.ts";
import { FolderGrouping } from "./groups.ts";
import { importGraph } from "./import-graph.ts";
import { dirname } from "./paths.ts";
import { testLayout } from "./test-layout.ts";
import type { Analysis, AnalysisInput } from "./types.ts";

/**
 * The whole-repository view from every file's facts: languages, manifests, entry points, top-level
 * folders and their roles, the resolved import graph with its folder-level collapse (see
 * {@link FolderGrouping} for the grouping rule), test layout and glossary candidates. Pure and
 * deterministic: files come in the snapshot's order, and a file without facts (unreadable) only
 * counts in `files`.
 */
export function analyse(input: AnalysisInput): Analysis {
  const facts = input.files.flatMap((file) => {
    const found = input.facts.get(file.path);
    return found ? [found] : [];
  });
  const manifests = facts.flatMap((f) => (f.manifest ? [{ path: f.path, manifest: f.manifest }] : []));
  const grouping = new FolderGrouping(manifests.map((m) => dirname(m.path)).filter((dir) => dir !== ""));
  return {
    label: input.label,
    commitSha: input.commitSha,
    files: input.files.length,
    lines: facts.reduce((sum, f) => sum + f.lines, 0),
    languages: languageShares(facts),
    manifests,
    entryPoints: entryPoints(facts),
    folders: topFolders(
      input.files.map((f) => f.path),
      facts,
    ),
    graph: importGraph(facts, grouping),
    tests: testLayout(facts, grouping),
    glossary: glossary(facts),
    history: input.history,
    skipped: input.skipped,
  };
}
