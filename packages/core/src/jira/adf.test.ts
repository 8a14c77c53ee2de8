import { describe, expect, it } from "vitest";
import { adfToText, textToAdf } from "./adf.ts";

const doc = (...content: unknown[]) => ({ type: "doc", version: 1, content });
const p = (...content: unknown[]) => ({ type: "paragraph", content });
const t = (text: string) => ({ type: "text", text, marks: [{ type: "strong" }] });

describe("adfToText", () => {
  it("keeps blocks on their own lines and marks headings, lists, quotes and code", () => {
    const value = doc(
      { type: "heading", attrs: { level: 2 }, content: [t("Close plan")] },
      p(t("Hello "), { type: "mention", attrs: { id: "1", text: "@Alice" } }, t("!")),
      {
        type: "bulletList",
        content: [
          { type: "listItem", content: [p(t("first"))] },
          { type: "listItem", content: [p(t("second"))] },
        ],
      },
      { type: "blockquote", content: [p(t("quoted"))] },
      { type: "codeBlock", content: [{ type: "text", text: "SELECT 1" }] },
      p(t("line one"), { type: "hardBreak" }, t("line two"), {
        type: "inlineCard",
        attrs: { url: " https://x.test" },
      }),
    );
    expect(adfToText(value, 1000)).toBe(
      "## Close plan\nHello @Alice!\n- first\n- second\n> quoted\n```\nSELECT 1\n```\nline one\nline two https://x.test",
    );
  });

  it("cuts long text at the bound and says so", () => {
    const text = adfToText(doc(p(t("x".repeat(500)))), 100);
    expect(text.startsWith("x".repeat(100))).toBe(true);
    expect(text).toContain("[cut at 100");
    expect(text.length).toBeLessThan(150);
  });

  it("skips nodes that are not ADF and stops at a nesting bound", () => {
    let deep: unknown = t("bottom");
    for (let i = 0; i < 500; i += 1) deep = { type: "blockquote", content: [deep] };
    const text = adfToText(doc(p(t("ok")), { text: 5 }, "junk", deep), 200);
    expect(text.startsWith("ok\n")).toBe(true);
    expect(text).not.toContain("bottom");
    expect(adfToText(null, 10)).toBe("");
    expect(adfToText("plain old text", 5)).toContain("plain");
  });
});

describe("textToAdf", () => {
  it("makes paragraphs from blank lines and hard breaks from newlines, reading back the same", () => {
    const adf = textToAdf("First line\nsecond line\n\n\nNext *paragraph*");
    expect(adf).toEqual({
      type: "doc",
      version: 1,
      content: [
        {
          type: "paragraph",
          content: [t("First line"), { type: "hardBreak" }, t("second line")].map(stripMarks),
        },
        { type: "paragraph", content: [{ type: "text", text: "Next *paragraph*" }] },
      ],
    });
    expect(adfToText(adf, 500)).toBe("First line\nsecond line\nNext *paragraph*");
  });
});

function stripMarks(node: Record<string, unknown>) {
  const { marks: _marks, ...rest } = node;
  return rest;
}
