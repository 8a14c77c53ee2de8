import { describe, expect, it } from "vitest";
import { chooseModules, MAX_MODULES, moduleLookup } from "./modules.ts";

const isCode = (path: string) => /\.(ts|py|go)$/.test(path);
const files = (folder: string, n: number, ext = "ts") =>
  Array.from({ length: n }, (_, i) => `${folder}/f${i}.${ext}`);

describe("chooseModules", () => {
  it("looks through container folders and single deep chains to the folders that hold the code", () => {
    const paths = [
      ...files("packages/core/src/agent", 12),
      ...files("packages/core/src/db", 8),
      "packages/core/package.json",
      ...files("packages/jobs/src", 5),
      ...files("functions/http", 6),
      ...files("functions/jobs", 2),
      ...files("docs", 9, "md"),
      ...files("scripts", 3, "py"),
    ];
    expect(chooseModules(paths, isCode).map((m) => [m.folder, m.page, m.codeFiles])).toEqual([
      ["packages/core/src/agent", "modules/packages-core-src-agent.md", 12],
      ["functions", "modules/functions.md", 8],
      ["packages/core/src/db", "modules/packages-core-src-db.md", 8],
      ["packages/jobs/src", "modules/packages-jobs-src.md", 5],
      ["scripts", "modules/scripts.md", 3],
    ]);
  });

  it("keeps a big flat folder whole, and caps the number of modules", () => {
    const flat = chooseModules([...files("app2", 200), ...files("app2/tiny", 3)], isCode);
    expect(flat.map((m) => m.folder)).toEqual(["app2"]);
    const many = chooseModules(
      Array.from({ length: 40 }, (_, i) => files(`m${String(i).padStart(2, "0")}`, 3 + (i % 5))).flat(),
      isCode,
    );
    expect(many).toHaveLength(MAX_MODULES);
    expect(many[0]?.codeFiles).toBe(7);
  });

  it("gives distinct slugs to folders that slug alike, and finds a file's module", () => {
    const modules = chooseModules([...files("a-b", 3), ...files("a_b", 3), ...files("a_b/c", 4)], isCode);
    expect(modules.map((m) => m.page).sort()).toEqual(["modules/a-b-2.md", "modules/a-b.md"]);
    expect(moduleLookup(modules)("a_b/c/f1.ts")?.folder).toBe("a_b");
    expect(moduleLookup(modules)("elsewhere/x.ts")).toBeUndefined();
  });
});
