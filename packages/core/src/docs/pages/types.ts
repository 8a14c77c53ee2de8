import type { ActivityData } from "./page-activity.ts";
import type { ApiData } from "./page-api.ts";
import type { ArchitectureData } from "./page-architecture.ts";
import type { DependenciesData } from "./page-dependencies.ts";
import type { GettingStartedData } from "./page-getting-started.ts";
import type { GlossaryData } from "./page-glossary.ts";
import type { ModuleData } from "./page-module.ts";
import type { OverviewData } from "./page-overview.ts";

export type PageKind =
  | "overview"
  | "getting-started"
  | "architecture"
  | "module"
  | "api"
  | "dependencies"
  | "glossary"
  | "activity";

/** The analysis fragments one page is written from: everything it shows, nothing else. */
export type PageData =
  | OverviewData
  | GettingStartedData
  | ArchitectureData
  | ModuleData
  | ApiData
  | DependenciesData
  | GlossaryData
  | ActivityData;

/** A file a page cites or summarises, at the blob its text was read from. */
export interface SourceRef {
  path: string;
  blobSha: string;
  /** Line count, for citations of the whole file. */
  lines: number;
}

/** One page to write, with everything it is written from. */
export interface PageSpec {
  /** Path inside the doc set's `pages/`: `index.md`, `architecture.md`, `modules/<slug>.md`. */
  path: string;
  kind: PageKind;
  title: string;
  /** Every file the page cites or summarises, sorted by path; a page cites no other file. */
  sources: SourceRef[];
  /** Paths (among `sources`) whose model-written summaries the page's prose is written from. */
  summarize: string[];
  data: PageData;
  /**
   * sha256 of the canonical JSON of the page's path, title, sources (path + blob SHA), data, the
   * repository label, the page format version and the model (when one writes it). The commit SHA
   * is left out on purpose: a page whose inputs are unchanged at a new commit can be copied over.
   */
  inputsHash: string;
}

/** A page as a planner proposes it, before its inputs are hashed. */
export interface PagePlan {
  path: string;
  kind: PageKind;
  title: string;
  data: PageData;
  /** Paths the page cites or summarises; each must have facts. */
  sources: string[];
  summarize: string[];
}

/** Titles of the pages that are not about one module (the overview is titled with the repository label). */
export const PAGE_TITLES = {
  "getting-started": "Getting started",
  architecture: "Architecture",
  api: "API surface",
  dependencies: "Dependencies",
  glossary: "Glossary",
  activity: "Recent activity",
} as const satisfies Partial<Record<PageKind, string>>;
