import type { FolderGrouping } from "./groups.ts";
import type { FileFacts, TestLayout } from "./types.ts";

const TEST_FOLDER = /(^|\/)(__tests__|tests?|spec|e2e)\//;

/** Frameworks by dependency name (any manifest) or by an import in a test file. */
const FRAMEWORKS: [RegExp, string][] = [
  [/^vitest$/, "vitest"],
  [/^(jest|@jest\/globals)$/, "jest"],
  [/^mocha$/, "mocha"],
  [/^ava$/, "ava"],
  [/^jasmine(-core)?$/, "jasmine"],
  [/^uvu$/, "uvu"],
  [/^node:test$/, "node:test"],
  [/^bun:test$/, "bun test"],
  [/^(@playwright\/test|playwright)$/, "playwright"],
  [/^cypress$/, "cypress"],
  [/^pytest$/, "pytest"],
  [/^unittest$/, "unittest"],
  [/^testing$/, "go test"],
  [/^github\.com\/stretchr\/testify$/, "testify"],
  [/^github\.com\/onsi\/ginkgo(\/v\d+)?$/, "ginkgo"],
  [/^(junit:junit|org\.junit[\w.]*:[\w-]+)$/, "junit"],
  [/^org\.testng:testng$/, "testng"],
  [/^io\.kotest:[\w-]+$/, "kotest"],
];

/** How the repository's tests are laid out: how many, where, with what, and beside the code or apart. */
export function testLayout(facts: FileFacts[], grouping: FolderGrouping): TestLayout {
  const tests = facts.filter((f) => f.isTest);
  const folders = new Map<string, number>();
  for (const f of tests) folders.set(grouping.of(f.path), (folders.get(grouping.of(f.path)) ?? 0) + 1);
  const separate = tests.filter((f) => TEST_FOLDER.test(f.path)).length;
  const beside = tests.length - separate;
  return {
    files: tests.length,
    folders: [...folders].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([folder]) => folder),
    frameworks: frameworks(facts, tests),
    placement:
      tests.length === 0 ? "none" : beside > 0 && separate > 0 ? "both" : beside > 0 ? "beside" : "separate",
  };
}

function frameworks(facts: FileFacts[], tests: FileFacts[]): string[] {
  const names = [
    ...facts.flatMap((f) => f.manifest?.dependencies.map((d) => d.name) ?? []),
    ...tests.flatMap((f) => f.imports),
  ];
  const found = new Set<string>();
  for (const name of names) {
    const known = FRAMEWORKS.find(([pattern]) => pattern.test(name));
    if (known) found.add(known[1]);
  }
  if (tests.some((f) => f.language === "Rust")) found.add("cargo test");
  return [...found].sort();
}
