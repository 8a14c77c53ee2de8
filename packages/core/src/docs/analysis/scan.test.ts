import { describe, expect, it } from "vitest";
import { scanGo, scanPython } from "./scan.ts";
import { scanJs } from "./scan-js.ts";

describe("scanJs", () => {
  it("blanks comments and string contents but keeps offsets and line breaks", () => {
    const text = 'const a = "x // y"; // note\n/* block\nimport "z" */ b();';
    const { code, strings, comments } = scanJs(text);
    expect(code.length).toBe(text.length);
    expect(code.split("\n").length).toBe(3);
    expect(code).not.toContain("note");
    expect(code).not.toContain("import");
    expect(code).toContain("b();");
    expect(strings.map((s) => s.value)).toEqual(["x // y"]);
    expect(comments.map((c) => c.text)).toEqual(["// note", '/* block\nimport "z" */']);
  });

  it("keeps template expressions as code, nested templates included", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: source text with a template literal
    const text = "const t = `a ${f(`b ${c}`)} import('x')`;\nconst u = `plain`;";
    const { code, strings } = scanJs(text);
    expect(code).toContain("f(");
    expect(code).toContain("c}");
    expect(code).not.toContain("import");
    expect(strings.map((s) => s.value)).toEqual(["plain"]);
  });

  it("tells a regular expression from a division", () => {
    const text = 'const r = /"[/]/g; const d = a / b / c; const s = "q";';
    const { code, strings } = scanJs(text);
    expect(strings.map((s) => s.value)).toEqual(["q"]);
    expect(code).toContain("a / b / c");
    expect(code).not.toContain("[/]");
  });

  it("stops an unterminated quote at the line end (JSX text)", () => {
    const { strings } = scanJs("const x = <p>Don't</p>;\nconst y = 'ok';");
    expect(strings.at(-1)?.value).toBe("ok");
  });
});

describe("scanPython", () => {
  it("handles comments, prefixes and triple quotes", () => {
    const text = 'x = 1  # import os\ns = r"a\\"b"\nd = """\nimport sys\n"""\nf"{y}"';
    const { code, strings } = scanPython(text);
    expect(code).not.toContain("import");
    expect(code.split("\n").length).toBe(text.split("\n").length);
    expect(strings.map((s) => s.value)).toEqual(['a"b', "\nimport sys\n", "{y}"]);
    expect(strings[0]?.start).toBe(text.indexOf('r"'));
  });
});

describe("scanGo", () => {
  it("handles raw strings, runes and both comment forms", () => {
    const text = 'a := `multi\nline "q"`\nb := \'"\'\n// import "x"\n/* "y" */ c := "z"';
    const { code, strings, comments } = scanGo(text);
    expect(strings.map((s) => s.value)).toEqual(['multi\nline "q"', '"', "z"]);
    expect(comments).toHaveLength(2);
    expect(code).not.toContain("import");
  });
});
