import type { CiteContext } from "./cite.ts";
import { pageWriter, text } from "./markdown.ts";
import { renderActivity } from "./page-activity.ts";
import { renderApi } from "./page-api.ts";
import { renderArchitecture } from "./page-architecture.ts";
import { renderDependencies } from "./page-dependencies.ts";
import { renderGettingStarted } from "./page-getting-started.ts";
import { renderGlossary } from "./page-glossary.ts";
import { renderModule } from "./page-module.ts";
import { renderOverview } from "./page-overview.ts";
import type { PageSpec } from "./types.ts";

/**
 * The page's deterministic Markdown from its spec alone (tables, lists, diagrams, citations): the
 * whole page without a model, and the part a model's prose is added to with one.
 */
export function renderSkeleton(spec: PageSpec, context: CiteContext): string {
  return composePage(spec, [skeletonBody(spec, context)]);
}

/** The skeleton without its title. */
export function skeletonBody(spec: PageSpec, context: CiteContext): string {
  const w = pageWriter(spec, context);
  const data = spec.data;
  switch (data.kind) {
    case "overview":
      return renderOverview(data, w);
    case "getting-started":
      return renderGettingStarted(data, w);
    case "architecture":
      return renderArchitecture(data, w);
    case "module":
      return renderModule(data, w);
    case "api":
      return renderApi(data, w);
    case "dependencies":
      return renderDependencies(data, w);
    case "glossary":
      return renderGlossary(data, w);
    case "activity":
      return renderActivity(data, w);
  }
}

/** `# Title`, then the parts, separated by blank lines, ending in one newline. */
export function composePage(spec: PageSpec, parts: string[]): string {
  const body = parts.filter((p) => p.trim() !== "").join("\n\n");
  return `# ${text(spec.title)}\n\n${body}\n`;
}
