import type { TestLayout } from "../analysis/types.ts";
import { type FolderRow, folderRows, folderTable } from "./folder-table.ts";
import { bullets, count, omitted, type PageWriter, percent, sections, table, text } from "./markdown.ts";
import { isCodeFile, type PlanContext, roughly } from "./plan-context.ts";
import type { PagePlan } from "./types.ts";

export interface OverviewData {
  kind: "overview";
  name: string;
  description: string;
  /** The file the description comes from. */
  descriptionFrom: string | null;
  files: number;
  /** Rounded, see {@link roughly}. */
  lines: number;
  languages: { language: string; files: number; share: number }[];
  folders: FolderRow[];
  entryPoints: { path: string; reason: string }[];
  omittedEntryPoints: number;
  tests: { files: number; frameworks: string[]; placement: TestLayout["placement"] };
  skipped: { reason: string; files: number }[];
  pages: { path: string; title: string }[];
}

const MAX_LANGUAGES = 8;
const PLACEMENT: Record<TestLayout["placement"], string> = {
  beside: "beside the code",
  separate: "in separate folders",
  both: "beside the code and in separate folders",
  none: "",
};
const MAX_ENTRY_POINTS = 10;

/** The front page: what the repository is, what it is made of, and where to read on. */
export function planOverview(context: PlanContext, pages: { path: string; title: string }[]): PagePlan {
  const { analysis, facts } = context;
  const rootManifest = analysis.manifests.find((m) => !m.path.includes("/") && m.manifest.description);
  const readmeHint = context.readme ? (facts.get(context.readme)?.summaryHint ?? "") : "";
  const description = rootManifest?.manifest.description ?? readmeHint;
  const descriptionFrom = rootManifest?.manifest.description
    ? rootManifest.path
    : readmeHint
      ? context.readme
      : null;
  const entryPoints = analysis.entryPoints.filter((e) => facts.has(e.path));
  const skipped = new Map<string, number>();
  for (const s of analysis.skipped) skipped.set(s.reason, (skipped.get(s.reason) ?? 0) + 1);
  const data: OverviewData = {
    kind: "overview",
    name: analysis.label,
    description,
    descriptionFrom: descriptionFrom ?? null,
    files: analysis.files,
    lines: roughly(analysis.lines),
    languages: analysis.languages.slice(0, MAX_LANGUAGES).map((l) => ({
      language: l.language,
      files: l.files,
      share: Math.round(l.share * 100) / 100,
    })),
    folders: folderRows(context),
    entryPoints: entryPoints.slice(0, MAX_ENTRY_POINTS),
    omittedEntryPoints: Math.max(0, entryPoints.length - MAX_ENTRY_POINTS),
    tests: {
      files: analysis.tests.files,
      frameworks: analysis.tests.frameworks,
      placement: analysis.tests.placement,
    },
    skipped: [...skipped].map(([reason, files]) => ({ reason, files })).sort((a, b) => b.files - a.files),
    pages,
  };
  const codeEntries = data.entryPoints.map((e) => e.path).filter((p) => isCodeFile(facts.get(p)));
  const summarize = [context.readme, rootManifest?.path, ...codeEntries.slice(0, 2)].filter(
    (p): p is string => !!p && facts.has(p),
  );
  const sources = [...summarize, ...data.entryPoints.map((e) => e.path)];
  if (data.descriptionFrom) sources.push(data.descriptionFrom);
  return { path: "index.md", kind: "overview", title: data.name, data, sources, summarize };
}

export function renderOverview(data: OverviewData, w: PageWriter): string {
  const intro = [
    data.description
      ? `${text(data.description)}${data.descriptionFrom ? ` (${w.file(data.descriptionFrom)})` : ""}`
      : "",
    `The repository holds ${count(data.files)} files read for this documentation, about ${count(data.lines)} lines.`,
  ].filter(Boolean);
  return sections(
    intro.join("\n\n"),
    data.languages.length > 0 &&
      `## Languages\n\n${table(
        ["Language", "Files", "Share of lines"],
        data.languages.map((l) => [text(l.language), count(l.files), percent(l.share)]),
      )}`,
    data.folders.length > 0 && `## Layout\n\n${folderTable(data.folders, w)}`,
    data.entryPoints.length > 0 &&
      `## Entry points\n\n${bullets(data.entryPoints.map((e) => `${w.file(e.path)}: ${text(e.reason)}`))}`,
    omitted(data.omittedEntryPoints, "entry points"),
    `## Tests\n\n${testsLine(data.tests)}`,
    data.skipped.length > 0 &&
      `## Not read\n\n${bullets(data.skipped.map((s) => `${count(s.files)} ${text(s.reason.replace(/_/g, " "))} files`))}`,
    data.pages.length > 0 && `## Pages\n\n${bullets(data.pages.map((p) => w.page(p.path, p.title)))}`,
  );
}

function testsLine(tests: OverviewData["tests"]): string {
  if (tests.files === 0) return "No test files were found.";
  const where = PLACEMENT[tests.placement];
  const frameworks = tests.frameworks.length > 0 ? ` using ${text(tests.frameworks.join(", "))}` : "";
  return `${count(tests.files)} test files${where ? `, ${where}` : ""}${frameworks}.`;
}
