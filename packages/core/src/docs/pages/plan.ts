import type { Analysis, FileFacts } from "../analysis/types.ts";
import { hashInputs } from "./inputs.ts";
import { planActivity } from "./page-activity.ts";
import { planApi } from "./page-api.ts";
import { planArchitecture } from "./page-architecture.ts";
import { planDependencies } from "./page-dependencies.ts";
import { planGettingStarted } from "./page-getting-started.ts";
import { planGlossary } from "./page-glossary.ts";
import { planModule } from "./page-module.ts";
import { planOverview } from "./page-overview.ts";
import { type PlanContext, planContext, SourceSet } from "./plan-context.ts";
import type { PagePlan, PageSpec } from "./types.ts";

/** Bumped whenever what a page shows for the same inputs changes, so older pages are not copied. */
export const PAGES_FORMAT_VERSION = 1;

export interface PlanOptions {
  /** The model that will write the pages' prose, or null/absent for skeleton pages; part of every hash. */
  model?: string | null;
}

/**
 * The pages of a doc set: overview (`index.md`), getting started, architecture, one page per major
 * module (`modules/<slug>.md`), and, when the analysis has what they need, API surface,
 * dependencies, glossary and recent activity. Deterministic for the same inputs.
 */
export function planPages(
  analysis: Analysis,
  facts: ReadonlyMap<string, FileFacts>,
  options: PlanOptions = {},
): PageSpec[] {
  const context = planContext(analysis, facts);
  const rest = [
    planGettingStarted(context),
    planArchitecture(context),
    ...context.modules.map((m) => planModule(context, m)),
    planApi(context),
    planDependencies(context),
    planGlossary(context),
    planActivity(context),
  ].filter((p): p is PagePlan => p !== null);
  const overview = planOverview(
    context,
    rest.map((p) => ({ path: p.path, title: p.title })),
  );
  return [overview, ...rest].map((plan) => finish(plan, context, options.model ?? null));
}

function finish(plan: PagePlan, context: PlanContext, model: string | null): PageSpec {
  const set = new SourceSet(context.facts);
  const summarize = [...new Set(set.addAll(plan.summarize))];
  set.addAll(plan.sources);
  const sources = set.list();
  const inputsHash = hashInputs({
    version: PAGES_FORMAT_VERSION,
    label: context.analysis.label,
    model,
    path: plan.path,
    kind: plan.kind,
    title: plan.title,
    sources: sources.map((s) => [s.path, s.blobSha]),
    summarize,
    data: plan.data,
  });
  return {
    path: plan.path,
    kind: plan.kind,
    title: plan.title,
    sources,
    summarize,
    data: plan.data,
    inputsHash,
  };
}
