import { describe, expect, it } from "vitest";
import type { HistoryFacts, RepoFile } from "../../repo/types.ts";
import { analyse } from "./analyse.ts";
import { extractFileFacts } from "./file-facts.ts";
import type { FileFacts } from "./types.ts";

const REPO: Record<string, string> = {
  "package.json": JSON.stringify({
    name: "acme",
    scripts: { start: "node apps/api/src/server.ts", test: "vitest run", dev: "vite" },
    devDependencies: { vitest: "^5.0.0" },
  }),
  "packages/ledger/package.json": JSON.stringify({
    name: "@acme/ledger",
    main: "dist/main.js",
    exports: { ".": "./src/index.ts", "./*": "./src/*.ts" },
  }),
  "packages/ledger/src/index.ts": 'export * from "./entries.js";\n',
  "packages/ledger/src/entries.ts":
    "export interface LedgerEntry {\n  amount: number;\n}\nexport type LedgerBalance = number;\n",
  "packages/ledger/src/util/index.ts": "export const round = (n: number) => n;\n",
  "packages/ledger/src/main.ts": "",
  "packages/ledger/src/entries.test.ts":
    'import { it } from "vitest";\nimport type { LedgerEntry } from "./entries";\n',
  "apps/api/package.json": JSON.stringify({ name: "@acme/api" }),
  "apps/api/Dockerfile": 'FROM node:24\nCMD ["node", "apps/api/src/server.ts"]\n',
  "apps/api/src/server.ts": [
    'import { Hono } from "hono";',
    'import { ledger } from "@acme/ledger";',
    'import { entries } from "@acme/ledger/entries";',
    'import { round } from "../../../packages/ledger/src/util";',
    "const app = new Hono();",
    'app.get("/balances", (c) => c.json([]));',
  ].join("\n"),
  "svc/pyproject.toml":
    '[project]\nname = "recon"\ndependencies = ["pytest"]\n[project.scripts]\nrecon = "recon.cli:main"\n',
  "svc/src/recon/__init__.py": "",
  "svc/src/recon/cli.py":
    'from .engine import run\nfrom recon.models import LedgerStatement\nimport os\n\nif __name__ == "__main__":\n    run()\n',
  "svc/src/recon/engine.py": "from . import models\n\ndef run():\n    pass\n",
  "svc/src/recon/models.py": "class LedgerStatement:\n    pass\n",
  "svc/tests/test_engine.py": "import pytest\nfrom recon.engine import run\n",
  "go/go.mod": "module example.com/pay\n\ngo 1.22\n",
  "go/cmd/pay/main.go":
    'package main\n\nimport "example.com/pay/internal/store"\n\nfunc main() {\n\tstore.Open()\n}\n',
  "go/internal/store/store.go": "package store\n\nfunc Open() {}\n",
  "go/internal/store/helpers.go": "package store\n",
  "go/internal/store/store_test.go": 'package store\n\nimport "testing"\n',
  "docs/guide.md": "# Guide\n\nHow the ledger works.\n",
  "bin/release.sh": "#!/bin/sh\necho release\n",
  "infra/main.tf": 'resource "aws_s3_bucket" "b" {}\n',
  "assets/logo.bin": "",
};

function input(repo: Record<string, string>, unreadable: string[] = []) {
  const files: RepoFile[] = Object.keys(repo)
    .sort()
    .map((path) => ({ path, blobSha: `sha-${path}`, size: repo[path]?.length ?? 0 }));
  const facts = new Map<string, FileFacts>();
  for (const file of files)
    if (!unreadable.includes(file.path)) facts.set(file.path, extractFileFacts(file, repo[file.path] ?? ""));
  const history: HistoryFacts = { recentCommits: [], mostChanged: [{ path: "go/go.mod", commits: 2 }] };
  return {
    label: "acme/monorepo",
    commitSha: "c0ffee",
    files,
    facts,
    history,
    skipped: [{ path: "x.png", reason: "binary" as const }],
  };
}

const analysis = analyse(input(REPO, ["assets/logo.bin"]));

describe("analyse", () => {
  it("resolves imports across TypeScript workspaces, Python packages and Go modules", () => {
    const edges = analysis.graph.edges.map((e) => `${e.from} -> ${e.to}`).sort();
    expect(edges).toEqual([
      "apps/api/src/server.ts -> packages/ledger/src/entries.ts",
      "apps/api/src/server.ts -> packages/ledger/src/index.ts",
      "apps/api/src/server.ts -> packages/ledger/src/util/index.ts",
      "go/cmd/pay/main.go -> go/internal/store/helpers.go",
      "go/cmd/pay/main.go -> go/internal/store/store.go",
      "packages/ledger/src/entries.test.ts -> packages/ledger/src/entries.ts",
      "packages/ledger/src/index.ts -> packages/ledger/src/entries.ts",
      "svc/src/recon/cli.py -> svc/src/recon/engine.py",
      "svc/src/recon/cli.py -> svc/src/recon/models.py",
      "svc/src/recon/engine.py -> svc/src/recon/models.py",
      "svc/tests/test_engine.py -> svc/src/recon/engine.py",
    ]);
  });

  it("collapses edges to folders under workspace packages and source roots", () => {
    expect(analysis.graph.folderEdges).toEqual([
      { from: "apps/api/src", to: "packages/ledger/src", weight: 2 },
      { from: "go/cmd/pay", to: "go/internal/store", weight: 2 },
      { from: "apps/api/src", to: "packages/ledger/src/util", weight: 1 },
      { from: "svc/tests", to: "svc/src/recon", weight: 1 },
    ]);
  });

  it("finds entry points with their reasons", () => {
    expect(analysis.entryPoints).toEqual([
      { path: "apps/api/src/server.ts", reason: "Dockerfile CMD; script: start" },
      { path: "bin/release.sh", reason: "bin folder" },
      { path: "go/cmd/pay/main.go", reason: "main function; cmd folder" },
      { path: "package.json", reason: "script: dev" },
      { path: "packages/ledger/src/index.ts", reason: "package.json entry" },
      { path: "packages/ledger/src/main.ts", reason: "package.json entry" },
      { path: "svc/src/recon/cli.py", reason: "pyproject.toml entry; __main__ guard" },
    ]);
  });

  it("describes top-level folders and their roles", () => {
    expect(analysis.folders.map((f) => [f.path, f.role, f.files])).toEqual([
      [".", "root", 1],
      ["apps", "packages (workspace)", 3],
      ["assets", "web frontend", 1],
      ["bin", "scripts", 1],
      ["docs", "documentation", 1],
      ["go", "source", 5],
      ["infra", "infrastructure", 1],
      ["packages", "packages (workspace)", 6],
      ["svc", "source", 6],
    ]);
    expect(analysis.folders.find((f) => f.path === "svc")?.languages).toEqual(["Python", "TOML"]);
  });

  it("describes the test layout", () => {
    expect(analysis.tests).toEqual({
      files: 3,
      folders: ["go/internal/store", "packages/ledger/src", "svc/tests"],
      frameworks: ["go test", "pytest", "vitest"],
      placement: "both",
    });
  });

  it("counts languages, manifests, glossary terms and passes history and skipped files through", () => {
    expect(analysis.files).toBe(Object.keys(REPO).length);
    const lines = analysis.languages.map((l) => l.lines);
    expect(lines).toEqual([...lines].sort((a, b) => b - a));
    expect(analysis.languages.find((l) => l.language === "TypeScript")?.files).toBe(6);
    expect(analysis.languages.reduce((sum, l) => sum + l.share, 0)).toBeCloseTo(1);
    expect(analysis.manifests.map((m) => m.path)).toEqual([
      "apps/api/package.json",
      "go/go.mod",
      "package.json",
      "packages/ledger/package.json",
      "svc/pyproject.toml",
    ]);
    expect(analysis.glossary[0]).toEqual({
      term: "Ledger",
      paths: ["packages/ledger/src/entries.ts", "svc/src/recon/models.py"],
    });
    expect(analysis.history?.mostChanged).toEqual([{ path: "go/go.mod", commits: 2 }]);
    expect(analysis.skipped).toEqual([{ path: "x.png", reason: "binary" }]);
    expect(analysis).toMatchObject({ label: "acme/monorepo", commitSha: "c0ffee" });
  });

  it("is deterministic", () => {
    expect(analyse(input(REPO, ["assets/logo.bin"]))).toEqual(analysis);
  });
});
