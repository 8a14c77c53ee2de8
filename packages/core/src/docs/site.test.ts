import { describe, expect, it } from "vitest";
import { buildZip, exportFolderName } from "./export.ts";
import { buildSingleFile, buildSite, type SitePage } from "./site.ts";
import type { Manifest } from "./store.ts";
import { readZip } from "./zip-reader.fixture.ts";

const meta = {
  label: "acme/ledger",
  ref: "main",
  commitSha: "a".repeat(40),
  generatedAt: "2026-01-02T03:04:05.000Z",
};
const pages: SitePage[] = [
  {
    path: "index.md",
    title: "Overview",
    markdown: [
      "# Ledger",
      "See [the core module](modules/core.md#public-api) and [architecture](architecture.md).",
      "<script>alert(1)</script> <img src=x onerror=alert(2)>",
      "[bad](javascript:alert(3)) [site](https://github.com/acme/ledger/blob/aaa/src/a.ts#L1-L9)",
    ].join("\n\n"),
  },
  {
    path: "architecture.md",
    title: "Architecture",
    markdown: '# Architecture\n\n```mermaid\nflowchart LR\n  a["<b>api</b>"] --> b\n```\n',
  },
  {
    path: "modules/core.md",
    title: "core",
    markdown:
      "# core\n\n## Public API\n\n## Public API\n\nBack to [overview](../index.md) or [up](#public-api).",
  },
];

function fileOf(files: { path: string; body: string }[], path: string): string {
  const file = files.find((f) => f.path === path);
  if (!file) throw new Error(`no ${path} in ${files.map((f) => f.path).join(", ")}`);
  return file.body;
}

describe("buildSite", () => {
  it("writes one HTML file per page, with links between pages pointing at the HTML files", async () => {
    const files = await buildSite(pages, meta);
    expect(files.map((f) => f.path)).toEqual([
      "index.html",
      "architecture.html",
      "modules/core.html",
      "assets/style.css",
      "assets/site.js",
      "assets/mermaid.min.js",
    ]);
    const index = fileOf(files, "index.html");
    expect(index).toContain('href="modules/core.html#public-api"');
    expect(index).toContain('href="architecture.html"');
    expect(index).toContain(
      'href="https://github.com/acme/ledger/blob/aaa/src/a.ts#L1-L9" rel="noopener noreferrer"',
    );
    const core = fileOf(files, "modules/core.html");
    expect(core).toContain('href="../index.html"');
    expect(core).toContain('<link rel="stylesheet" href="../assets/style.css">');
    expect(core).toContain('<h2 id="public-api">');
    expect(core).toContain('<h2 id="public-api-1">');
    expect(core).toContain('<a href="core.html" aria-current="page">core</a>');
  });

  it("shows raw HTML from the Markdown as text and drops script URLs", async () => {
    const index = fileOf(await buildSite(pages, meta), "index.html");
    expect(index).not.toMatch(/<script>alert|<img/);
    expect(index).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(index).not.toContain('href="javascript:');
  });

  it("leaves diagrams to the site's own Mermaid, loaded only where a page has one", async () => {
    const files = await buildSite(pages, meta);
    const architecture = fileOf(files, "architecture.html");
    expect(architecture).toContain(
      '<pre class="mermaid">flowchart LR\n  a[&quot;&lt;b&gt;api&lt;/b&gt;&quot;] --&gt; b\n</pre>',
    );
    expect(architecture).toContain('<script src="assets/mermaid.min.js"></script>');
    expect(fileOf(files, "index.html")).not.toContain("mermaid.min.js");
    expect(fileOf(files, "assets/mermaid.min.js").length).toBeGreaterThan(1_000_000);
    expect(fileOf(files, "assets/site.js")).toContain('securityLevel: "strict"');
  });

  it("adds a contents page when no page is index.md", async () => {
    const files = await buildSite(pages.slice(1), meta);
    expect(fileOf(files, "index.html")).toContain('<li><a href="modules/core.html">core</a></li>');
  });
});

describe("buildSingleFile", () => {
  it("puts every page in one document with section links and inlined assets", async () => {
    const html = await buildSingleFile(pages, meta);
    expect(html).toContain('<section id="page-modules-core">');
    expect(html).toContain('href="#page-modules-core--public-api"');
    expect(html).toContain('<h2 id="page-modules-core--public-api">');
    expect(html).toContain('href="#page-index"');
    expect(html).not.toMatch(/<script src=|<link rel="stylesheet"/);
    expect(html).toContain("securityLevel");
    expect(html.match(/<script>/g)?.length).toBe(2);
  });
});

describe("buildZip", () => {
  it("zips manifest, pages and site into one folder that really unzips", async () => {
    const manifest = {
      ...meta,
      generator: { kind: "skeleton" },
      pages: [],
      files: { read: 3, skipped: 0 },
      skipped: {},
      usage: { modelCalls: 0, promptTokens: 0, completionTokens: 0, costUsd: "0" },
    } satisfies Manifest;
    const site = await buildSite(pages, meta);
    const zip = buildZip({ manifest, pages, site });
    const entries = readZip(zip);
    const root = exportFolderName(manifest);
    expect(root).toBe("acme-ledger-aaaaaaa");
    expect(JSON.parse(entries.get(`${root}/manifest.json`)?.toString() ?? "")).toEqual(manifest);
    expect(entries.get(`${root}/pages/modules/core.md`)?.toString()).toBe(pages[2]?.markdown);
    expect(entries.get(`${root}/site/modules/core.html`)?.toString()).toContain("../index.html");
    expect(entries.get(`${root}/site/assets/mermaid.min.js`)?.length).toBeGreaterThan(1_000_000);
    expect(zip.length).toBeLessThan(3_000_000);
    expect(buildZip({ manifest, pages, site })).toEqual(zip);
  });
});
