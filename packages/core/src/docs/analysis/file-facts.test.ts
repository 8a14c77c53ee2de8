import { describe, expect, it } from "vitest";
import { extractFileFacts } from "./file-facts.ts";

const facts = (path: string, text: string) =>
  extractFileFacts({ path, blobSha: "abc", size: text.length }, text);

describe("extractFileFacts", () => {
  it("names languages by extension and file name", () => {
    const languages = Object.fromEntries(
      [
        "a.ts",
        "a.tsx",
        "a.mjs",
        "a.py",
        "a.go",
        "a.rs",
        "a.java",
        "README.md",
        "ci.yml",
        "tsconfig.json",
        "Dockerfile",
        "api.Dockerfile",
        "run.sh",
        "0001.sql",
        "index.html",
        "site.css",
        "Makefile",
        "requirements-dev.txt",
        "LICENSE",
      ].map((path) => [path, facts(`x/${path}`, "").language]),
    );
    expect(languages).toEqual({
      "a.ts": "TypeScript",
      "a.tsx": "TSX",
      "a.mjs": "JavaScript",
      "a.py": "Python",
      "a.go": "Go",
      "a.rs": "Rust",
      "a.java": "Java",
      "README.md": "Markdown",
      "ci.yml": "YAML",
      "tsconfig.json": "JSON",
      Dockerfile: "Dockerfile",
      "api.Dockerfile": "Dockerfile",
      "run.sh": "Shell",
      "0001.sql": "SQL",
      "index.html": "HTML",
      "site.css": "CSS",
      Makefile: "Makefile",
      "requirements-dev.txt": "Pip Requirements",
      LICENSE: null,
    });
  });

  it("counts lines, keeps the path and blob SHA", () => {
    expect(facts("a.ts", "one\ntwo\n")).toMatchObject({ path: "a.ts", blobSha: "abc", lines: 2 });
    expect(facts("a.ts", "one\ntwo").lines).toBe(2);
    expect(facts("a.ts", "").lines).toBe(0);
  });

  it("tells test files by name and folder", () => {
    const isTest = (path: string) => facts(path, "").isTest;
    expect(isTest("src/ledger.test.ts")).toBe(true);
    expect(isTest("web/button.spec.tsx")).toBe(true);
    expect(isTest("src/__tests__/ledger.ts")).toBe(true);
    expect(isTest("test/helpers.js")).toBe(true);
    expect(isTest("pkg/store_test.go")).toBe(true);
    expect(isTest("src/ledger.ts")).toBe(false);
    expect(isTest("src/testing-guide.md")).toBe(false);
    expect(isTest("src/contest.ts")).toBe(false);
  });

  it("reads Dockerfile commands, not a HEALTHCHECK's continued CMD", () => {
    const text = [
      "FROM node:24 AS base",
      "HEALTHCHECK --interval=15s \\",
      '    CMD ["curl", "-f", "http://localhost/health"]',
      "FROM base AS worker",
      'ENTRYPOINT ["node", "dist/worker.js"]',
      "FROM base",
      "CMD node server.js --port 80",
    ].join("\n");
    expect(facts("Dockerfile", text).entryHints).toEqual([
      { reason: "Dockerfile ENTRYPOINT", command: "node dist/worker.js" },
      { reason: "Dockerfile CMD", command: "node server.js --port 80" },
    ]);
  });

  it("summarises Markdown from the first paragraph under the heading", () => {
    const text =
      "[![build](badge.svg)](ci)\n# Ledger\n\n```sh\nnpm i\n```\nA double-entry [ledger](docs/x.md) for\nsmall teams. It balances.\n";
    expect(facts("README.md", text).summaryHint).toBe("A double-entry ledger for small teams.");
    expect(facts("docs/a.md", "# Only a heading\n").summaryHint).toBe("Only a heading");
  });

  it("summarises shell scripts from the comment after the shebang", () => {
    expect(
      facts("scripts/deploy.sh", "#!/bin/sh\n# Deploys the stack to staging.\n# Needs AWS creds.\nset -e\n")
        .summaryHint,
    ).toBe("Deploys the stack to staging.");
  });

  it("marks main functions of other languages", () => {
    expect(facts("src/main.rs", "fn main() {\n}\n").entryHints).toEqual([{ reason: "main function" }]);
    expect(facts("App.java", "class App { public static void main(String[] a) {} }").entryHints).toEqual([
      { reason: "main function" },
    ]);
    expect(facts("src/lib.rs", "pub fn run() {}").entryHints).toBeUndefined();
  });
});
