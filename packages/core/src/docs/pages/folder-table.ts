import { count, type PageWriter, table, text } from "./markdown.ts";
import type { PlanContext } from "./plan-context.ts";

/** A top-level folder as the overview and architecture pages list it. */
export interface FolderRow {
  path: string;
  role: string;
  files: number;
  languages: string[];
  /** The folder's module page, when it has one. */
  page: string | null;
}

/** The analysis's folders with their three main languages and module pages. */
export function folderRows(context: PlanContext): FolderRow[] {
  return context.analysis.folders.map((f) => ({
    path: f.path,
    role: f.role,
    files: f.files,
    languages: f.languages.slice(0, 3),
    page: context.modules.find((m) => m.folder === f.path)?.page ?? null,
  }));
}

/** The folder table: a folder with a module page links to it. */
export function folderTable(rows: readonly FolderRow[], w: PageWriter): string {
  return table(
    ["Folder", "Role", "Files", "Languages"],
    rows.map((f) => [
      f.page ? w.page(f.page, f.path) : text(f.path === "." ? "(root)" : f.path),
      text(f.role),
      count(f.files),
      text(f.languages.join(", ")),
    ]),
  );
}
