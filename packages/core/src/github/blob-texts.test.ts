import { describe, expect, it } from "vitest";
import { BlobTexts } from "./blob-texts.ts";

describe("BlobTexts", () => {
  it("keeps texts by SHA within its bound, dropping the least recently used first", () => {
    const texts = new BlobTexts(10);
    texts.set("a", "1234");
    texts.set("b", "5678");
    texts.set("bin", null);
    expect(texts.get("a")).toBe("1234"); // a is now the most recently used
    texts.set("c", "abcd");
    expect(texts.get("b")).toBeUndefined();
    expect(texts.get("a")).toBe("1234");
    expect(texts.get("c")).toBe("abcd");
    expect(texts.get("bin")).toBeNull();
    expect(texts.stats()).toMatchObject({ chars: 8 });
  });

  it("does not keep a text larger than the whole bound", () => {
    const texts = new BlobTexts(3);
    texts.set("big", "abcd");
    expect(texts.get("big")).toBeUndefined();
    expect(texts.stats()).toEqual({ texts: 0, chars: 0, hits: 0 });
  });
});
