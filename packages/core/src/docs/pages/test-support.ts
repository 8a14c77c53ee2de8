import { createHash } from "node:crypto";
import type { Analysis, FileFacts, ImportGraph, LanguageShare, Manifest } from "../analysis/types.ts";
import type { CiteContext } from "./cite.ts";

/** Hand-made analysis fixtures for the page tests (area B's analyser is not needed to test pages). */

export const COMMIT = "c0ffee0000000000000000000000000000000001";
export const ADVERSARIAL_PATH = 'src/ledger/end (old) [v2] "draft".ts';

export interface Fixture {
  analysis: Analysis;
  facts: Map<string, FileFacts>;
  /** File texts, for the model writer's `readText`. */
  texts: Map<string, string>;
}

type Shape = Partial<Omit<FileFacts, "path" | "blobSha">> & { lines: number };

const NPM: Manifest = {
  kind: "npm",
  name: "ledger",
  description: "Double-entry ledger service for finance teams.",
  dependencies: [
    { name: "hono", version: "^4.6.0", dev: false },
    { name: "zod", version: "^4.0.0", dev: false },
    { name: "vitest", version: "^3.2.0", dev: true },
    { name: "typescript", version: "^5.9.0", dev: true },
  ],
  scripts: { start: "node src/server.ts", test: "vitest run", build: "tsc -p ." },
  entryPoints: ["src/server.ts"],
};

const PYTHON: Manifest = {
  kind: "python",
  dependencies: [
    { name: "requests", version: ">=2.31", dev: false },
    { name: "pandas", version: "", dev: false },
  ],
  scripts: {},
  entryPoints: [],
};

const range = (start: number, end: number) => ({ start, end });
const fn = (name: string, start: number, end: number) => ({
  name,
  kind: "function" as const,
  lines: range(start, end),
});

const FILES: Record<string, Shape> = {
  "README.md": { language: "Markdown", lines: 40, summaryHint: "Ledger keeps the books of a finance team." },
  "package.json": { language: "JSON", lines: 30, manifest: NPM },
  "package-lock.json": { language: "JSON", lines: 500 },
  Dockerfile: { language: "Dockerfile", lines: 12 },
  ".env.example": { lines: 5 },
  "src/server.ts": {
    lines: 60,
    exports: [fn("startServer", 12, 40)],
    routes: [{ method: "GET", path: "/health", lines: range(42, 45) }],
  },
  "src/routes/index.ts": { lines: 12, exports: [fn("mountRoutes", 3, 11)] },
  "src/routes/invoices.ts": {
    lines: 80,
    exports: [{ name: "invoiceRoutes", kind: "const", lines: range(5, 78) }],
    routes: [
      { method: "GET", path: "/invoices", lines: range(10, 20) },
      { method: "POST", path: "/invoices", lines: range(22, 50) },
      { method: "GET", path: "/invoices/:id", lines: range(52, 60) },
    ],
  },
  "src/routes/accounts.ts": {
    lines: 50,
    exports: [{ name: "accountRoutes", kind: "const", lines: range(4, 48) }],
    routes: [{ method: "GET", path: "/accounts/:id/balance", lines: range(8, 30) }],
  },
  "src/db/client.ts": { lines: 30, exports: [fn("openDb", 3, 20)] },
  "src/db/invoices.ts": {
    lines: 70,
    exports: [
      fn("insertInvoice", 5, 30),
      fn("findInvoice", 32, 60),
      { name: "Invoice", kind: "interface", lines: range(62, 70) },
    ],
  },
  "src/db/accounts.ts": { lines: 45, exports: [fn("findAccount", 4, 40)] },
  "src/ledger/post.ts": {
    lines: 90,
    exports: [fn("postEntry", 10, 70), { name: "PostingError", kind: "class", lines: range(72, 88) }],
  },
  "src/ledger/balance.ts": { lines: 40, exports: [fn("balanceOf", 3, 38)] },
  "src/ledger/journal.ts": { lines: 60, exports: [{ name: "Journal", kind: "class", lines: range(5, 58) }] },
  "src/ledger/accrual.ts": { lines: 35, exports: [fn("accrue", 2, 33)] },
  [ADVERSARIAL_PATH]: { lines: 10, exports: [fn("end", 1, 9)] },
  "src/ledger/post.test.ts": { lines: 50, isTest: true },
  "src/ledger/balance.test.ts": { lines: 30, isTest: true },
  "tests/e2e/invoices.test.ts": { lines: 40, isTest: true },
  "tools/report.py": { language: "Python", lines: 45, exports: [fn("main", 30, 44)] },
  "tools/export.py": { language: "Python", lines: 30, exports: [fn("export_csv", 3, 28)] },
  "tools/util.py": { language: "Python", lines: 20 },
  "tools/requirements.txt": { language: "Text", lines: 3, manifest: PYTHON },
  "docs/guide.md": { language: "Markdown", lines: 100 },
};

const EDGES: [string, string][] = [
  ["src/server.ts", "src/routes/index.ts"],
  ["src/server.ts", "src/db/client.ts"],
  ["src/routes/index.ts", "src/routes/invoices.ts"],
  ["src/routes/index.ts", "src/routes/accounts.ts"],
  ["src/routes/invoices.ts", "src/db/invoices.ts"],
  ["src/routes/invoices.ts", "src/ledger/post.ts"],
  ["src/routes/accounts.ts", "src/db/accounts.ts"],
  ["src/routes/accounts.ts", "src/ledger/balance.ts"],
  ["src/db/invoices.ts", "src/db/client.ts"],
  ["src/db/accounts.ts", "src/db/client.ts"],
  ["src/ledger/post.ts", "src/ledger/journal.ts"],
  ["src/ledger/post.ts", "src/ledger/balance.ts"],
  ["src/ledger/balance.ts", "src/ledger/journal.ts"],
  ["src/ledger/accrual.ts", "src/ledger/journal.ts"],
  [ADVERSARIAL_PATH, "src/ledger/journal.ts"],
  ["src/ledger/post.test.ts", "src/ledger/post.ts"],
  ["src/ledger/balance.test.ts", "src/ledger/balance.ts"],
  ["tests/e2e/invoices.test.ts", "src/server.ts"],
  ["tools/report.py", "tools/util.py"],
  ["tools/export.py", "tools/util.py"],
];

/** A small TypeScript + Python repository with routes, manifests, tests, history and one awkward path. */
export function ledgerFixture(): Fixture {
  const facts = new Map<string, FileFacts>();
  const texts = new Map<string, string>();
  for (const [path, shape] of Object.entries(FILES)) {
    const language =
      shape.language === undefined ? (path.endsWith(".ts") ? "TypeScript" : null) : shape.language;
    const text = Array.from({ length: shape.lines }, (_, i) => `// ${path} line ${i + 1}`).join("\n");
    texts.set(path, text);
    facts.set(path, {
      path,
      blobSha: blobSha(text),
      language,
      lines: shape.lines,
      imports: EDGES.filter(([from]) => from === path).map(([, to]) => to),
      exports: shape.exports ?? [],
      routes: shape.routes ?? [],
      isTest: shape.isTest ?? false,
      summaryHint: shape.summaryHint ?? "",
      ...(shape.manifest ? { manifest: shape.manifest } : {}),
    });
  }
  return { analysis: analysisOf(facts), facts, texts };
}

/** Replaces one file's content (new blob SHA), keeping its facts otherwise: what a one-file edit looks like. */
export function editFile(fixture: Fixture, path: string, text: string): Fixture {
  const facts = new Map(fixture.facts);
  const old = facts.get(path);
  if (!old) throw new Error(`no such fixture file ${path}`);
  facts.set(path, { ...old, blobSha: blobSha(text) });
  return { analysis: fixture.analysis, facts, texts: new Map(fixture.texts).set(path, text) };
}

export function citeContext(label = "acme/ledger"): CiteContext {
  return { label, commitSha: COMMIT };
}

export function blobSha(text: string): string {
  return createHash("sha1")
    .update(`blob ${Buffer.byteLength(text)}\0${text}`)
    .digest("hex");
}

function analysisOf(facts: Map<string, FileFacts>): Analysis {
  const all = [...facts.values()];
  const graph: ImportGraph = {
    edges: EDGES.map(([from, to]) => ({ from, to })),
    folderEdges: folderEdges(EDGES),
  };
  return {
    label: "acme/ledger",
    commitSha: COMMIT,
    files: all.length,
    lines: all.reduce((sum, f) => sum + f.lines, 0),
    languages: languages(all),
    manifests: all.filter((f) => f.manifest).map((f) => ({ path: f.path, manifest: f.manifest as Manifest })),
    entryPoints: [
      { path: "src/server.ts", reason: "package.json main" },
      { path: "tools/report.py", reason: "main function" },
      { path: "Dockerfile", reason: "Dockerfile CMD" },
    ],
    folders: [
      { path: ".", files: 5, lines: 587, languages: ["JSON", "Markdown"], role: "project root" },
      { path: "docs", files: 1, lines: 100, languages: ["Markdown"], role: "documentation" },
      { path: "src", files: 15, lines: 782, languages: ["TypeScript"], role: "source" },
      { path: "tests", files: 1, lines: 40, languages: ["TypeScript"], role: "tests" },
      { path: "tools", files: 4, lines: 98, languages: ["Python"], role: "scripts" },
    ],
    graph,
    tests: { files: 3, folders: ["src/ledger", "tests/e2e"], frameworks: ["vitest"], placement: "both" },
    glossary: [
      { term: "Invoice", paths: ["src/db/invoices.ts", "src/routes/invoices.ts"] },
      { term: "Journal", paths: ["src/ledger/journal.ts"] },
      { term: "Accrual", paths: ["src/ledger/accrual.ts", "missing/file.ts"] },
      { term: 'Posting "end" <b>|x|</b>', paths: [ADVERSARIAL_PATH] },
    ],
    history: {
      recentCommits: [
        { sha: COMMIT, date: "2025-05-02T10:00:00Z", author: "Ada", subject: "Post accruals | monthly" },
        {
          sha: "b".repeat(40),
          date: "2025-05-01T09:00:00Z",
          author: "Grace",
          subject: "Add balance endpoint",
        },
      ],
      mostChanged: [
        { path: "src/ledger/post.ts", commits: 5 },
        { path: "gone/deleted.ts", commits: 4 },
        { path: "src/db/invoices.ts", commits: 3 },
      ],
    },
    skipped: [
      { path: "assets/logo.png", reason: "binary", size: 2048 },
      { path: "vendor/lib.js", reason: "vendored" },
    ],
  };
}

function languages(all: FileFacts[]): LanguageShare[] {
  const known = all.filter((f) => f.language);
  const total = known.reduce((sum, f) => sum + f.lines, 0);
  const by = new Map<string, { files: number; lines: number }>();
  for (const f of known) {
    const entry = by.get(f.language as string) ?? { files: 0, lines: 0 };
    entry.files += 1;
    entry.lines += f.lines;
    by.set(f.language as string, entry);
  }
  return [...by]
    .map(([language, v]) => ({ language, ...v, share: v.lines / total }))
    .sort((a, b) => b.lines - a.lines);
}

function folderEdges(edges: [string, string][]) {
  const folder = (p: string) => p.split("/").slice(0, -1).slice(0, 2).join("/") || ".";
  const weights = new Map<string, number>();
  for (const [from, to] of edges) {
    const key = `${folder(from)}\n${folder(to)}`;
    weights.set(key, (weights.get(key) ?? 0) + 1);
  }
  return [...weights].map(([key, weight]) => {
    const [from = "", to = ""] = key.split("\n");
    return { from, to, weight };
  });
}
