import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { initialLoadBudgetBytes, measureBundle } from "../../packages/web/scripts/bundle-size.ts";
import { ensureWebBuild } from "../../scripts/lib/web-build.ts";

describe("the web app's first load", () => {
  it("stays within its gzip budget, with Mermaid and the highlighter left out of it", async () => {
    await ensureWebBuild();
    const report = measureBundle(fileURLToPath(new URL("../../packages/web/dist", import.meta.url)));
    expect(report.initial.map((f) => f.file).join(" ")).toMatch(/assets\/index-.*\.js/);
    expect(report.initialGzipBytes).toBeLessThanOrEqual(initialLoadBudgetBytes);
    // The diagrams and the grammars are far larger than the app itself, and arrive only when used.
    expect(report.lazyGzipBytes).toBeGreaterThan(report.initialGzipBytes);
  }, 120_000);
});
