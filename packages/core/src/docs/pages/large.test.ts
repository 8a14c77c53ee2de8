import { describe, expect, it } from "vitest";
import { parseCitationUrl } from "./cite.ts";
import { mermaidBlocks } from "./mermaid.ts";
import { parseFlowchart, validateMermaid } from "./mermaid-check.ts";
import { MAX_MODULES } from "./modules.ts";
import { MAX_FILE_NODES } from "./page-architecture.ts";
import { planPages } from "./plan.ts";
import { renderSkeleton } from "./skeleton.ts";
import { generatedRepo } from "./test-support-large.ts";

describe("pages for a 2,000-file repository", () => {
  it("are planned and written quickly, with readable diagrams that say what they leave out", async () => {
    const { analysis, facts } = generatedRepo(2000);
    const context = { label: analysis.label, commitSha: analysis.commitSha };
    const started = performance.now();
    const specs = planPages(analysis, facts);
    const pages = specs.map((s) => ({ spec: s, markdown: renderSkeleton(s, context) }));
    const elapsedMs = performance.now() - started;

    expect(elapsedMs).toBeLessThan(2000);
    expect(specs.filter((s) => s.kind === "module")).toHaveLength(MAX_MODULES);
    const architecture = pages.find((p) => p.spec.kind === "architecture")?.markdown ?? "";
    expect(architecture).toMatch(/left out for readability: [\d,]+ files and [\d,]+ links/);
    const [, fileChart = ""] = mermaidBlocks(architecture);
    expect((await parseFlowchart(fileChart)).vertices.size).toBe(MAX_FILE_NODES);
    for (const { spec, markdown } of pages) {
      for (const block of mermaidBlocks(markdown))
        expect((await validateMermaid(block)).ok, spec.path).toBe(true);
      const cited = [...markdown.matchAll(/\]\((https:[^)]+)\)/g)].map((m) =>
        parseCitationUrl(context, m[1] ?? ""),
      );
      for (const c of cited) expect(spec.sources.some((s) => s.path === c?.path)).toBe(true);
    }
  });
});
