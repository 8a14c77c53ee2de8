import { expect, it } from "vitest";
import { FolderGrouping } from "./groups.ts";

it("groups by top-level folder, descending through workspace containers, packages and source roots", () => {
  const grouping = new FolderGrouping(["functions", "packages/core"]);
  expect(
    [
      "README.md",
      "docs/guide/setup.md",
      "functions/api.ts",
      "functions/http/app.ts",
      "packages/core/src/agent/tools/search.ts",
      "packages/core/src/config.ts",
      "packages/core/package.json",
      "packages/web/src/chat/view.tsx", // no manifest listed for packages/web
      "cmd/server/main.go",
      "internal/store/db.go",
      "src/components/button.tsx",
      "scripts/lib/x.ts",
    ].map((path) => grouping.of(path)),
  ).toEqual([
    ".",
    "docs",
    "functions",
    "functions/http",
    "packages/core/src/agent",
    "packages/core/src",
    "packages/core",
    "packages/web",
    "cmd/server",
    "internal/store",
    "src/components",
    "scripts",
  ]);
});
