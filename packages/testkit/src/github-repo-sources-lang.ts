/**
 * Templates of the generated multi-language source tree: one module, its test, per language.
 * Each module exports one function that calls the functions of the modules it imports.
 */

/** A module of the generated tree, as the templates need it. */
export interface Module {
  /** Folder (area) name as the language spells it, e.g. `invoices_2` in Python. */
  area: string;
  /** File stem, e.g. `schedule`. */
  stem: string;
  /** The exported function's name. */
  fn: string;
  /** Index within its language: imports only point at lower indexes, so the graph has no cycle. */
  index: number;
}

const pascal = (s: string) => s.replace(/(^|[-_])([a-z0-9])/g, (_m, _sep, c: string) => c.toUpperCase());
const camel = (s: string) => pascal(s).replace(/^./, (c) => c.toLowerCase());
const snake = (s: string) => s.replace(/-/g, "_");
const constant = (fn: string) => `${fn.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase()}_LIMIT`;

export function functionName(area: string, stem: string, style: "camel" | "pascal" | "snake"): string {
  if (style === "snake") return snake(`${area}_${stem}`);
  return style === "camel" ? camel(`${area}-${stem}`) : pascal(`${area}-${stem}`);
}

export function tsModule(m: Module, deps: { from: string; fn: string }[]): string {
  const imports = deps.map((d) => `import { ${d.fn} } from "${d.from}";`);
  const calls = deps.map((d) => `  total += ${d.fn}(cents.slice(1));`);
  return [
    ...imports,
    ...(imports.length ? [""] : []),
    `export const ${constant(m.fn)} = ${1000 + m.index * 7};`,
    "",
    `/** ${pascal(m.stem)} step of the ${m.area} area: amounts in cents. */`,
    `export function ${m.fn}(cents: number[]): number {`,
    "  let total = cents.reduce((sum, c) => sum + c, 0);",
    ...calls,
    `  return Math.min(total, ${constant(m.fn)} * 100);`,
    "}",
    "",
  ].join("\n");
}

export function tsTest(m: Module, from: string, vitest: boolean): string {
  return [
    vitest ? 'import { expect, test } from "vitest";' : 'import { strict as assert } from "node:assert";',
    `import { ${m.fn} } from "${from}";`,
    "",
    vitest
      ? `test("${m.fn} adds cents", () => expect(${m.fn}([1, 2])).toBeGreaterThan(0));`
      : `assert.ok(${m.fn}([1, 2]) > 0);`,
    "",
  ].join("\n");
}

export function pyModule(m: Module, deps: { module: string; fn: string }[]): string {
  return [
    `"""${pascal(m.stem)} step of the ${m.area} area: amounts in cents."""`,
    "",
    ...deps.map((d) => `from ${d.module} import ${d.fn}`),
    ...(deps.length ? ["", ""] : []),
    `LIMIT = ${1000 + m.index * 7}`,
    "",
    "",
    `def ${m.fn}(cents: list[int]) -> int:`,
    `    """Totals the ${m.stem} amounts, capped at the limit."""`,
    "    total = sum(cents)",
    ...deps.map((d) => `    total += ${d.fn}(cents[1:])`),
    "    return min(total, LIMIT * 100)",
    "",
  ].join("\n");
}

export function pyTest(m: Module, module: string): string {
  return [
    `from ${module} import ${m.fn}`,
    "",
    "",
    `def test_${m.fn}_adds_cents():`,
    `    assert ${m.fn}([1, 2]) > 0`,
    "",
  ].join("\n");
}

/** A Go file of package `m.area`; `deps` in other packages are imported, same-package ones called. */
export function goModule(m: Module, goModulePath: string, deps: { area: string; fn: string }[]): string {
  const others = [...new Set(deps.filter((d) => d.area !== m.area).map((d) => d.area))];
  const calls = deps.map((d) => `\ttotal += ${d.area === m.area ? "" : `${d.area}.`}${d.fn}(cents)`);
  return [
    `// ${pascal(m.stem)} step of the ${m.area} area: amounts in cents.`,
    `package ${m.area}`,
    "",
    ...(others.length
      ? ["import (", ...others.map((a) => `\t"${goModulePath}/internal/${a}"`), ")", ""]
      : []),
    `// ${m.fn} totals the ${m.stem} amounts, capped at its limit.`,
    `func ${m.fn}(cents []int64) int64 {`,
    "\tvar total int64",
    "\tfor _, c := range cents {",
    "\t\ttotal += c",
    "\t}",
    ...calls,
    `\treturn min(total, ${(1000 + m.index * 7) * 100})`,
    "}",
    "",
  ].join("\n");
}

export function goTest(m: Module): string {
  return [
    `package ${m.area}`,
    "",
    'import "testing"',
    "",
    `func Test${m.fn}(t *testing.T) {`,
    `\tif ${m.fn}([]int64{1, 2}) <= 0 {`,
    '\t\tt.Fatal("expected a positive total")',
    "\t}",
    "}",
    "",
  ].join("\n");
}
