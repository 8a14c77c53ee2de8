import { describe, expect, it } from "vitest";
import { parseCitationUrl } from "./cite.ts";
import { pageWriter } from "./markdown.ts";
import { mermaidBlocks } from "./mermaid.ts";
import { validateMermaid } from "./mermaid-check.ts";
import { planPages } from "./plan.ts";
import { renderSkeleton } from "./skeleton.ts";
import { ADVERSARIAL_PATH, COMMIT, citeContext, ledgerFixture } from "./test-support.ts";

const f = ledgerFixture();
const specs = planPages(f.analysis, f.facts);
const context = citeContext();
const pages = specs.map((spec) => ({ spec, markdown: renderSkeleton(spec, context) }));

/** Markdown link targets, unescaping nothing: the citations we write never contain a raw `)`. */
function linkTargets(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? "");
}

describe("skeleton pages", () => {
  it("only contain diagrams Mermaid's parser accepts", async () => {
    const blocks = pages.flatMap((p) =>
      mermaidBlocks(p.markdown).map((source) => ({ page: p.spec.path, source })),
    );
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    expect(blocks.some((b) => b.source.includes("#34;draft#34;"))).toBe(true);
    for (const block of blocks) {
      expect(await validateMermaid(block.source), `${block.page}\n${block.source}`).toMatchObject({
        ok: true,
      });
    }
  });

  it("cite the given commit, the page's own sources and real line ranges", () => {
    for (const { spec, markdown } of pages) {
      const sources = new Map(spec.sources.map((s) => [s.path, s]));
      const citations = linkTargets(markdown)
        .filter((url) => url.startsWith("https://"))
        .filter((url) => !url.includes("/commit/"));
      expect(citations.length, spec.path).toBeGreaterThan(0);
      for (const url of citations) {
        expect(url, spec.path).toContain(`/acme/ledger/blob/${COMMIT}/`);
        const cited = parseCitationUrl(context, url);
        const source = cited && sources.get(cited.path);
        expect(source, `${spec.path}: ${url}`).toBeDefined();
        expect(cited?.lines?.start).toBeGreaterThanOrEqual(1);
        expect(cited?.lines?.end).toBeLessThanOrEqual(source?.lines ?? 0);
      }
    }
    const ledger = pages.find((p) => p.spec.path === "modules/src-ledger.md")?.markdown ?? "";
    expect(ledger).toContain("src/ledger/post.ts#L10-L70](https://github.com/acme/ledger/blob/");
    expect(ledger).toContain("end%20%28old%29%20%5Bv2%5D%20%22draft%22.ts#L1-L9)");
  });

  it("link only to pages of the set", () => {
    const planned = new Set(specs.map((s) => s.path));
    for (const { spec, markdown } of pages) {
      for (const target of linkTargets(markdown).filter((url) => !url.startsWith("https://"))) {
        const resolved = new URL(target, `file:///pages/${spec.path}`).pathname.replace("/pages/", "");
        expect(planned, `${spec.path} → ${target}`).toContain(resolved);
      }
    }
  });

  it("keep every table row as wide as its header, whatever the names hold", () => {
    const cells = (line: string) => line.replace(/\\\|/g, "").split("|").length;
    for (const { spec, markdown } of pages) {
      const lines = markdown.split("\n");
      lines.forEach((line, i) => {
        if (!line.startsWith("| ") || lines[i - 1]?.startsWith("|")) return;
        for (let j = i + 1; lines[j]?.startsWith("|"); j++) {
          expect(cells(lines[j] ?? ""), `${spec.path}: ${lines[j]}`).toBe(cells(line));
        }
      });
    }
  });

  it("use the plain citation form for a local checkout, without links into the repository", () => {
    const local = { label: "local/ledger", commitSha: COMMIT };
    const localSpecs = planPages({ ...f.analysis, label: "local/ledger" }, f.facts);
    for (const spec of localSpecs) {
      const markdown = renderSkeleton(spec, local);
      expect(markdown).not.toContain("https://");
      const cited = [...markdown.matchAll(/local\/ledger@([0-9a-f]{40}):([^`]+?)#L(\d+)-L(\d+)/g)];
      if (spec.sources.length > 0) expect(cited.length, spec.path).toBeGreaterThan(0);
      for (const [, sha, path] of cited) {
        expect(sha).toBe(COMMIT);
        expect(spec.sources.map((s) => s.path)).toContain(path?.replace(/\\\|/g, "|"));
      }
    }
  });

  it("state the facts a newcomer needs, each with its source", () => {
    const page = (path: string) => pages.find((p) => p.spec.path === path)?.markdown ?? "";
    expect(page("index.md")).toContain(
      "Double-entry ledger service for finance teams. ([package.json#L1-L30](",
    );
    expect(page("getting-started.md")).toContain("Install: `npm ci`");
    expect(page("getting-started.md")).toContain("Install: `pip install -r tools/requirements.txt`");
    expect(page("getting-started.md")).toContain("Run them with `npm test`.");
    expect(page("api.md")).toMatch(/\| `POST` \| `\/invoices` \| \[src\/routes\/invoices\.ts#L22-L50\]\(/);
    expect(page("dependencies.md")).toMatch(
      /### Runtime\n\n\| Package \| Version \|\n\| --- \| --- \|\n\| `hono` \| `\^4\.6\.0` \|/,
    );
    expect(page("modules/src-routes.md")).toContain("## Depends on\n\n- [src/db](src-db.md) (2 imports)");
    expect(page("activity.md")).not.toContain("gone/deleted.ts");
  });

  it("are the same text every time", () => {
    const again = planPages(f.analysis, new Map([...f.facts].reverse())).map((s) =>
      renderSkeleton(s, context),
    );
    expect(again).toEqual(pages.map((p) => p.markdown));
  });

  it("refuse to cite a file outside the page's sources", () => {
    const db = specs.find((s) => s.path === "modules/src-db.md");
    if (!db) throw new Error("no src/db page");
    const w = pageWriter(db, context);
    expect(w.file("src/db/client.ts")).toContain("client.ts#L1-L30");
    expect(() => w.file(ADVERSARIAL_PATH)).toThrow(/not among its sources/);
  });
});
