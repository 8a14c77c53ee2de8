import { describe, expect, it } from "vitest";
import { resolvePageLink } from "./docs/use-docs.ts";
import { matchRoute } from "./router.tsx";

describe("addresses", () => {
  it("maps paths to screens", () => {
    expect(matchRoute("/")).toEqual({ name: "chat", conversationId: null });
    expect(matchRoute("/c/abc")).toEqual({ name: "chat", conversationId: "abc" });
    expect(matchRoute("/admin")).toEqual({ name: "admin" });
    expect(matchRoute("/finance")).toEqual({ name: "finance" });
    expect(matchRoute("/finance/x")).toEqual({ name: "notFound" });
    expect(matchRoute("/docs/d1")).toEqual({ name: "docSet", docSetId: "d1", page: null });
    expect(matchRoute("/docs/d1/p/guide/setup%20notes.md")).toEqual({
      name: "docSet",
      docSetId: "d1",
      page: "guide/setup notes.md",
    });
    expect(matchRoute("/c/abc/extra")).toEqual({ name: "notFound" });
  });

  it("keeps a doc page's relative links inside the set and leaves other links alone", () => {
    expect(resolvePageLink("d1", "guide/intro.md", "../api/index.md#top")).toBe("/docs/d1/p/api/index.md");
    expect(resolvePageLink("d1", "guide/intro.md", "setup.md")).toBe("/docs/d1/p/guide/setup.md");
    expect(resolvePageLink("d1", "guide/intro.md", "https://github.com/acme")).toBeNull();
    expect(resolvePageLink("d1", "guide/intro.md", "#section")).toBeNull();
  });
});
