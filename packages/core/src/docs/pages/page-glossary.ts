import { compare } from "./inputs.ts";
import { omitted, type PageWriter, sections, table, text } from "./markdown.ts";
import type { PlanContext } from "./plan-context.ts";
import { PAGE_TITLES, type PagePlan } from "./types.ts";

export interface GlossaryData {
  kind: "glossary";
  terms: { term: string; paths: string[] }[];
  omittedTerms: number;
}

const MAX_TERMS = 120;
const MAX_PATHS_PER_TERM = 3;

/** Domain terms and where they are defined or used most. No page when the analysis found none. */
export function planGlossary(context: PlanContext): PagePlan | null {
  const terms = context.analysis.glossary
    .map((g) => ({
      term: g.term,
      paths: g.paths.filter((p) => context.facts.has(p)).slice(0, MAX_PATHS_PER_TERM),
    }))
    .filter((g) => g.term.trim() !== "");
  if (terms.length === 0) return null;
  const shown = terms.slice(0, MAX_TERMS);
  const data: GlossaryData = {
    kind: "glossary",
    terms: [...shown].sort(
      (a, b) => compare(a.term.toLowerCase(), b.term.toLowerCase()) || compare(a.term, b.term),
    ),
    omittedTerms: terms.length - shown.length,
  };
  const sources = shown.flatMap((t) => t.paths);
  const summarize = [...new Set(shown.slice(0, 10).flatMap((t) => t.paths.slice(0, 1)))].slice(0, 6);
  return { path: "glossary.md", kind: "glossary", title: PAGE_TITLES.glossary, data, sources, summarize };
}

export function renderGlossary(data: GlossaryData, w: PageWriter): string {
  return sections(
    "Terms of the domain as the code names them, with the files that define or use them most.",
    table(
      ["Term", "Where"],
      data.terms.map((t) => [text(t.term), t.paths.map((p) => w.file(p)).join(", ")]),
    ),
    omitted(data.omittedTerms, "terms"),
  );
}
