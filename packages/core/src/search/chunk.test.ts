import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { chunkFile, splitLines } from "./chunk.ts";

const ranges = (path: string, text: string) =>
  chunkFile(path, text).map((c) => [c.chunkNo, c.startLine, c.endLine]);

/** A documented function of `lines` lines in total (3 comment lines, the body, the closing brace). */
function documentedFunction(name: string, lines: number): string[] {
  const body = Array.from({ length: lines - 5 }, (_, i) => `  total += ${i};`);
  return ["/**", ` * ${name} adds things up.`, " */", `export function ${name}() {`, ...body, "}"];
}

describe("chunkFile", () => {
  it("keeps a short file whole and leaves out blank edge lines", () => {
    const text = "\n\nconst a = 1;\nconst b = 2;\n\n\n";
    expect(chunkFile("a.ts", text)).toEqual([
      { chunkNo: 0, startLine: 3, endLine: 4, text: "const a = 1;\nconst b = 2;" },
    ]);
    expect(chunkFile("empty.ts", "\n \n")).toEqual([]);
  });

  it("cuts code at the comment above a top-level declaration, at least 60 lines in", () => {
    const lines = [
      'import { x } from "./x.ts";',
      'import { y } from "./y.ts";',
      'import { z } from "./z.ts";',
      "",
      ...documentedFunction("first", 40), // 5–44
      "",
      ...documentedFunction("second", 40), // 46–85
      "",
      ...documentedFunction("third", 40), // 87–126
      "",
      ...documentedFunction("fourth", 40), // 128–167
    ];
    const chunks = chunkFile("src/sum.ts", `${lines.join("\n")}\n`);
    expect(chunks.map((c) => [c.startLine, c.endLine])).toEqual([
      [1, 85],
      [87, 167],
    ]);
    expect(chunks[1]?.text.split("\n")[0]).toBe("/**");
    expect(chunks[1]?.text.split("\n")[3]).toBe("export function third() {");
  });

  it("cuts text without boundaries every 120 lines", () => {
    const text = Array.from({ length: 300 }, (_, i) => `  item ${i + 1}`).join("\n");
    expect(ranges("list.txt", text)).toEqual([
      [0, 1, 120],
      [1, 121, 240],
      [2, 241, 300],
    ]);
  });

  it("cuts very long lines by characters", () => {
    const long = "x".repeat(10_000);
    expect(ranges("bundle.min.js", [long, long, long].join("\n"))).toEqual([
      [0, 1, 1],
      [1, 2, 2],
      [2, 3, 3],
    ]);
  });

  it("cuts Markdown at headings outside code fences, joining a thin section to the next", () => {
    const text = [
      "# Ledger", // 1
      "",
      "Posts journal entries.",
      "Balances accounts.",
      "",
      "## Install", // 6
      "",
      "npm install",
      "",
      "## Usage", // 10
      "",
      "```sh",
      "# not a heading",
      "ledger post",
      "```",
      "",
      "### Options", // 17
      "",
      "--dry-run checks only.",
      "--json prints JSON.",
    ].join("\n");
    expect(ranges("README.md", text)).toEqual([
      [0, 1, 4],
      [1, 6, 15],
      [2, 17, 20],
    ]);
  });

  it("reads CRLF text with exact ranges", () => {
    expect(chunkFile("a.py", "def a():\r\n    return 1\r\n")).toEqual([
      { chunkNo: 0, startLine: 1, endLine: 2, text: "def a():\n    return 1" },
    ]);
  });

  it("gives every chunk of a real file exactly the text of its lines, in order, without overlap", async () => {
    for (const file of ["chunk-split.ts", "../db/migrations/0001_init.sql"]) {
      const text = await readFile(new URL(file, import.meta.url), "utf8");
      const lines = splitLines(text);
      const chunks = chunkFile(file, text);
      let previousEnd = 0;
      for (const chunk of chunks) {
        expect(chunk.text).toBe(lines.slice(chunk.startLine - 1, chunk.endLine).join("\n"));
        expect(chunk.startLine).toBeGreaterThan(previousEnd);
        expect(chunk.endLine - chunk.startLine + 1).toBeLessThanOrEqual(120);
        previousEnd = chunk.endLine;
      }
      const covered = chunks.reduce((n, c) => n + c.text.split("\n").filter((l) => l.trim()).length, 0);
      expect(covered).toBe(lines.filter((l) => l.trim()).length);
    }
  });
});
