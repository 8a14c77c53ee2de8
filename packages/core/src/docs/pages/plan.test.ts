import { describe, expect, it } from "vitest";
import { planPages } from "./plan.ts";
import { COMMIT, editFile, ledgerFixture } from "./test-support.ts";
import type { PageSpec } from "./types.ts";

const hashes = (specs: PageSpec[]) => new Map(specs.map((s) => [s.path, s.inputsHash]));

function changedPages(before: PageSpec[], after: PageSpec[]): string[] {
  const old = hashes(before);
  return after.filter((s) => old.get(s.path) !== s.inputsHash).map((s) => s.path);
}

describe("planPages", () => {
  it("plans the overview, the fixed pages and one page per major module", () => {
    const f = ledgerFixture();
    expect(planPages(f.analysis, f.facts).map((s) => s.path)).toEqual([
      "index.md",
      "getting-started.md",
      "architecture.md",
      "modules/src-ledger.md",
      "modules/src-db.md",
      "modules/src-routes.md",
      "modules/tools.md",
      "api.md",
      "dependencies.md",
      "glossary.md",
      "activity.md",
    ]);
  });

  it("records only files with facts as sources, and summarises only sources", () => {
    const f = ledgerFixture();
    for (const spec of planPages(f.analysis, f.facts)) {
      const paths = spec.sources.map((s) => s.path);
      for (const s of spec.sources) expect(f.facts.get(s.path)?.blobSha, spec.path).toBe(s.blobSha);
      for (const p of spec.summarize) expect(paths, spec.path).toContain(p);
    }
    const glossary = planPages(f.analysis, f.facts).find((s) => s.kind === "glossary");
    expect(glossary?.sources.map((s) => s.path)).not.toContain("missing/file.ts");
  });

  it("gives the same hashes for the same inputs, whatever order the facts come in and whatever the commit", () => {
    const f = ledgerFixture();
    const reversed = new Map([...f.facts].reverse());
    const atNewCommit = { ...f.analysis, commitSha: "d".repeat(40) };
    expect(hashes(planPages(atNewCommit, reversed))).toEqual(hashes(planPages(f.analysis, f.facts)));
    expect(f.analysis.commitSha).toBe(COMMIT);
  });

  it("changes the hash of exactly the pages that draw on an edited file", () => {
    const f = ledgerFixture();
    const before = planPages(f.analysis, f.facts);
    const edited = editFile(f, "src/db/client.ts", "export const openDb = () => null;\n");
    const after = planPages(edited.analysis, edited.facts);
    const drawOn = before
      .filter((s) => s.sources.some((src) => src.path === "src/db/client.ts"))
      .map((s) => s.path);

    expect(changedPages(before, after)).toEqual(drawOn);
    expect(drawOn).toEqual(expect.arrayContaining(["architecture.md", "modules/src-db.md"]));
    expect(drawOn).not.toContain("modules/src-ledger.md");
  });

  it("changes the hash of exactly the pages that use a changed analysis fragment", () => {
    const f = ledgerFixture();
    const before = planPages(f.analysis, f.facts);
    const glossary = [...f.analysis.glossary, { term: "Ledger", paths: ["src/ledger/journal.ts"] }];
    expect(changedPages(before, planPages({ ...f.analysis, glossary }, f.facts))).toEqual(["glossary.md"]);

    const history = f.analysis.history && {
      ...f.analysis.history,
      recentCommits: [
        { sha: "e".repeat(40), date: "2025-05-03T00:00:00Z", author: "Lin", subject: "x" },
        ...f.analysis.history.recentCommits,
      ],
    };
    expect(changedPages(before, planPages({ ...f.analysis, history }, f.facts))).toEqual(["activity.md"]);

    const tests = { ...f.analysis.tests, frameworks: ["vitest", "playwright"] };
    expect(changedPages(before, planPages({ ...f.analysis, tests }, f.facts))).toEqual([
      "index.md",
      "getting-started.md",
    ]);
  });

  it("keeps page hashes across a one-line change of the totals, which pages only show rounded", () => {
    const f = ledgerFixture();
    const before = planPages(f.analysis, f.facts);
    const after = planPages({ ...f.analysis, lines: f.analysis.lines + 1 }, f.facts);
    expect(changedPages(before, after)).toEqual([]);
  });

  it("ties every hash to the model that writes the prose", () => {
    const f = ledgerFixture();
    const skeleton = planPages(f.analysis, f.facts);
    const modelA = planPages(f.analysis, f.facts, { model: "model-a" });
    const modelB = planPages(f.analysis, f.facts, { model: "model-b" });
    expect(changedPages(skeleton, modelA)).toHaveLength(skeleton.length);
    expect(changedPages(modelA, modelB)).toHaveLength(skeleton.length);
  });

  it("leaves out the API, dependencies, glossary and activity pages when there is nothing to show", () => {
    const f = ledgerFixture();
    const facts = new Map(
      [...f.facts].map(([path, facts]) => [path, { ...facts, routes: [], exports: [], manifest: undefined }]),
    );
    const bare = { ...f.analysis, manifests: [], entryPoints: [], glossary: [], history: null };
    const paths = planPages(bare, facts).map((s) => s.path);
    for (const gone of ["api.md", "dependencies.md", "glossary.md", "activity.md"])
      expect(paths).not.toContain(gone);
    expect(paths).toContain("architecture.md");
  });
});
