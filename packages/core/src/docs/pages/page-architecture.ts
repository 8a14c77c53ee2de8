import { basename, cutGraph, dirname, type GraphCut } from "./diagrams.ts";
import { type FolderRow, folderRows, folderTable } from "./folder-table.ts";
import { compare } from "./inputs.ts";
import { bullets, count, type PageWriter, sections, table, text } from "./markdown.ts";
import { buildFlowchart, type FlowNode, mermaidBlock } from "./mermaid.ts";
import { mostImportant, type PlanContext } from "./plan-context.ts";
import { PAGE_TITLES, type PagePlan } from "./types.ts";

export interface ArchitectureData {
  kind: "architecture";
  components: FolderRow[];
  /** Folders (top-level or second-level) and the imports between them, weighted by file edges. */
  componentGraph: GraphCut;
  /** Files and their imports, cut to the best-connected. */
  fileGraph: GraphCut;
  hubs: { path: string; importedBy: number; imports: number }[];
  entryPoints: { path: string; reason: string }[];
}

export const MAX_COMPONENT_NODES = 24;
export const MAX_COMPONENT_EDGES = 60;
export const MAX_FILE_NODES = 30;
export const MAX_FILE_EDGES = 60;
const MAX_HUBS = 10;

/** The big picture: components from the folder structure, dependencies from the import graph. */
export function planArchitecture(context: PlanContext): PagePlan {
  const { analysis, facts } = context;
  const fileEdges = analysis.graph.edges.map((e) => ({ ...e, weight: 1 }));
  const hubs = [...context.importers]
    .filter(([path]) => facts.has(path))
    .map(([path, from]) => ({
      path,
      importedBy: from.length,
      imports: context.imports.get(path)?.length ?? 0,
    }))
    .sort((a, b) => b.importedBy - a.importedBy || compare(a.path, b.path))
    .slice(0, MAX_HUBS);
  const data: ArchitectureData = {
    kind: "architecture",
    components: folderRows(context),
    componentGraph: cutGraph(
      analysis.graph.folderEdges,
      { maxNodes: MAX_COMPONENT_NODES, maxEdges: MAX_COMPONENT_EDGES },
      [...analysis.folders].sort((a, b) => b.files - a.files || compare(a.path, b.path)).map((f) => f.path),
    ),
    fileGraph: cutGraph(fileEdges, { maxNodes: MAX_FILE_NODES, maxEdges: MAX_FILE_EDGES }),
    hubs,
    entryPoints: analysis.entryPoints.filter((e) => facts.has(e.path)).slice(0, 8),
  };
  const entryPaths = data.entryPoints.map((e) => e.path);
  const summarize = [
    ...hubs.slice(0, 5).map((h) => h.path),
    ...mostImportant(context, entryPaths, 3).filter((p) => !hubs.some((h) => h.path === p)),
  ];
  const sources = [...summarize, ...hubs.map((h) => h.path), ...entryPaths];
  return {
    path: "architecture.md",
    kind: "architecture",
    title: PAGE_TITLES.architecture,
    data,
    sources,
    summarize,
  };
}

export function renderArchitecture(data: ArchitectureData, w: PageWriter): string {
  return sections(
    data.components.length > 0 && `## Components\n\n${folderTable(data.components, w)}`,
    data.componentGraph.nodes.length > 0 &&
      `## How the components depend on each other\n\nAn arrow means "imports from"; its number is how many file-to-file imports it stands for.\n\n${mermaidBlock(componentChart(data.componentGraph))}\n\n${leftOut(data.componentGraph, "folders")}`,
    data.fileGraph.nodes.length > 0 &&
      `## The best-connected files\n\nThe files with the most imports in or out, grouped by folder; an arrow means "imports".\n\n${mermaidBlock(fileChart(data.fileGraph))}\n\n${leftOut(data.fileGraph, "files")}`,
    data.hubs.length > 0 &&
      `## Most imported files\n\n${table(
        ["File", "Imported by", "Imports"],
        data.hubs.map((h) => [w.file(h.path), count(h.importedBy), count(h.imports)]),
      )}`,
    data.entryPoints.length > 0 &&
      `## Entry points\n\n${bullets(data.entryPoints.map((e) => `${w.file(e.path)}: ${text(e.reason)}`))}`,
  );
}

function componentChart(graph: GraphCut): string {
  const topOf = (folder: string) => folder.split("/")[0] ?? folder;
  const nested = new Set(graph.nodes.filter((n) => n.includes("/")).map(topOf));
  const nodes: FlowNode[] = graph.nodes.map((n) => ({
    key: n,
    label: n === "." ? "(root files)" : n,
    ...(nested.has(topOf(n)) ? { group: topOf(n) } : {}),
  }));
  return buildFlowchart({
    direction: "LR",
    nodes,
    edges: graph.edges.map((e) => ({ from: e.from, to: e.to, label: String(e.weight) })),
    groups: [...nested].sort(compare).map((g) => ({ key: g, label: `${g}/` })),
  });
}

function fileChart(graph: GraphCut): string {
  const folders = [...new Set(graph.nodes.map(dirname))].sort(compare);
  return buildFlowchart({
    direction: "LR",
    nodes: graph.nodes.map((path) => ({ key: path, label: basename(path), group: dirname(path) })),
    edges: graph.edges.map((e) => ({ from: e.from, to: e.to })),
    groups: folders.map((f) => ({ key: f, label: f === "." ? "(root)" : `${f}/` })),
  });
}

function leftOut(graph: GraphCut, what: string): string {
  if (graph.omittedNodes === 0 && graph.omittedEdges === 0) return `All ${what} and links are shown.`;
  return `Shown: ${count(graph.nodes.length)} ${what} and ${count(graph.edges.length)} links; left out for readability: ${count(graph.omittedNodes)} ${what} and ${count(graph.omittedEdges)} links.`;
}
