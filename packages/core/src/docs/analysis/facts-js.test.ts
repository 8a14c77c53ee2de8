import { describe, expect, it } from "vitest";
import { extractFileFacts } from "./file-facts.ts";

const facts = (path: string, text: string) =>
  extractFileFacts({ path, blobSha: "0", size: text.length }, text);

describe("TypeScript/JavaScript facts", () => {
  it("finds every import form and none inside comments, strings or templates", () => {
    const text = [
      "#!/usr/bin/env node",
      'import a from "./a.ts";',
      "import {",
      "  b,",
      "  type C,",
      "} from '../b.js';",
      'import type { D } from "@scope/d";',
      'import "./side-effect.css";',
      'import * as e from "e";',
      'export { f } from "./f.ts";',
      'export type { G } from "./g.ts";',
      'export * as h from "./h.ts";',
      'const i = require("./i.cjs");',
      "const j = await import(`./j.ts`);",
      'import k = require("k");',
      '// import x from "./commented.ts";',
      '/* require("./block-commented") */',
      "const s = \"import y from './in-string.ts'\";",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: source text with a template literal
      "const t = `import(\"./in-template.ts\") ${await import('./real-in-template.ts')}`;",
      'const url = import.meta.url; other.require("./method-not-require");',
    ].join("\n");
    expect(facts("src/x.ts", text).imports).toEqual([
      "./a.ts",
      "../b.js",
      "@scope/d",
      "./side-effect.css",
      "e",
      "./f.ts",
      "./g.ts",
      "./h.ts",
      "./i.cjs",
      "./j.ts",
      "k",
      "./real-in-template.ts",
    ]);
  });

  it("lists exports with kinds and line ranges, re-exports left out", () => {
    const text = [
      "/** Ledger entries and their totals. */", // 1
      'import { z } from "zod";', // 2
      "export const Entry = z.object({", // 3
      "  amount: z.number(),", // 4
      "});", // 5
      "export type Entry = z.infer<typeof Entry>;", // 6
      "export interface Totals {", // 7
      "  debit: number;", // 8
      "}", // 9
      "export async function total(entries: Entry[]): Promise<{ sum: number }> {", // 10
      "  if (entries.length === 0) {", // 11
      '    return { sum: "}".length };', // 12
      "  }", // 13
      "  return { sum: 1 };", // 14
      "}", // 15
      "export default class Ledger extends Base<{ a: 1 }> {", // 16
      "  x = 1;", // 17
      "}", // 18
      "const helper = () => 1;", // 19
      "export { helper as aid };", // 20
      'export { other } from "./other.ts";', // 21
      "export const arrow = (a: number) =>", // 22
      "  a + 1", // 23
      "export enum Side {", // 24
      "  Debit,", // 25
      "}", // 26
    ].join("\n");
    const f = facts("src/ledger.ts", text);
    expect(f.exports).toEqual([
      { name: "Entry", kind: "const", lines: { start: 3, end: 5 } },
      { name: "Entry", kind: "type", lines: { start: 6, end: 6 } },
      { name: "Totals", kind: "interface", lines: { start: 7, end: 9 } },
      { name: "total", kind: "function", lines: { start: 10, end: 15 } },
      { name: "Ledger", kind: "class", lines: { start: 16, end: 18 } },
      { name: "aid", kind: "const", lines: { start: 19, end: 19 } },
      { name: "arrow", kind: "const", lines: { start: 22, end: 23 } },
      { name: "Side", kind: "other", lines: { start: 24, end: 26 } },
    ]);
    expect(f.summaryHint).toBe("Ledger entries and their totals.");
    expect(f.language).toBe("TypeScript");
  });

  it("names anonymous default exports and CommonJS exports", () => {
    const f = facts("lib/x.js", "exports.parse = function () {};\nexport default function () {\n}\n");
    expect(f.exports.map((e) => [e.name, e.kind, e.lines.start, e.lines.end])).toEqual([
      ["parse", "other", 1, 1],
      ["default", "function", 2, 3],
    ]);
  });

  it("takes the leading comment only when nothing but imports precede it", () => {
    expect(facts("a.ts", "// eslint-disable\n// Pays invoices.\nexport const a = 1;").summaryHint).toBe(
      "Pays invoices.",
    );
    expect(facts("b.ts", "export const a = 1;\n/** Not the file's. */").summaryHint).toBe("");
    expect(facts("c.ts", "/** Handles {@link Invoice} payment runs. More. */").summaryHint).toBe(
      "Handles Invoice payment runs.",
    );
  });
});
