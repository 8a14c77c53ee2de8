/**
 * Documentation pages from a repository's analysis.
 *
 * 1. {@link planPages} lists the pages and, for each, the files and analysis fragments it is written
 *    from, hashed into `inputsHash` (a page whose hash is unchanged can be copied from the previous
 *    doc set, its citations moved with {@link retargetCitations}).
 * 2. {@link writePage} writes one: the deterministic skeleton (tables, lists, Mermaid diagrams,
 *    citations) and, with a model, prose written from cached file summaries under the run's
 *    {@link TokenBudget}. It never fails for model trouble: the page falls back to the skeleton with
 *    a note. {@link writeSkeletonPage} writes the skeleton alone.
 * 3. {@link validateMermaid} / {@link invalidDiagrams} check diagrams with Mermaid's own parser.
 */

export { createTokenBudget, type TokenBudget } from "./budget.ts";
export { type CiteContext, cite, retargetCitations } from "./cite.ts";
export {
  buildFlowchart,
  type FlowchartSpec,
  type FlowEdge,
  type FlowGroup,
  type FlowNode,
  mermaidBlock,
  mermaidBlocks,
} from "./mermaid.ts";
export { invalidDiagrams, type MermaidCheck, validateMermaid } from "./mermaid-check.ts";
export { BudgetExhausted, ModelUnavailable, type ModelUsage } from "./model-call.ts";
export { PAGES_FORMAT_VERSION, type PlanOptions, planPages } from "./plan.ts";
export { renderSkeleton } from "./skeleton.ts";
export {
  type CachedSummary,
  memorySummaryCache,
  SUMMARY_PROMPT_VERSION,
  type SummaryCache,
  summarize,
  summaryKey,
} from "./summaries.ts";
export { PAGE_TITLES, type PageKind, type PageSpec, type SourceRef } from "./types.ts";
export { type WriteContext, type WrittenPage, writePage, writeSkeletonPage } from "./writer.ts";
