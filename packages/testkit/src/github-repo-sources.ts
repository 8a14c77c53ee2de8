import {
  functionName,
  goModule,
  goTest,
  type Module,
  pyModule,
  pyTest,
  tsModule,
  tsTest,
} from "./github-repo-sources-lang.ts";

/**
 * A large, realistic multi-language source tree for benchmarks and analysis tests: a TypeScript
 * workspace (a core package and a web package that imports it by name), a JavaScript API
 * service, a Python package and a Go module, whose modules import each other across folders,
 * with their manifests, tests and entry points, plus files a reader should skip (vendored,
 * generated, binary, too large). Deterministic: the same count gives the same files.
 */

const AREAS = ["accounts", "invoices", "payments", "ledger", "reports", "tax"];
const MORE_AREAS = ["fx", "payroll", "budgets", "audit", "reconciliation", "treasury"];
const STEMS = ["service", "store", "rules", "format", "validate", "totals", "schedule", "export"];
const MORE_STEMS = ["loader", "client", "policy", "mapper", "events", "cache", "limits", "calendar"];
const ALL_AREAS = [...AREAS, ...MORE_AREAS];
const ALL_STEMS = [...STEMS, ...MORE_STEMS];
const GO_MODULE = "example.com/acme/gateway";

type Files = Record<string, string>;

/** About `count` source files (modules, tests, package markers) plus manifests and skippable files. */
export function sourceTree(count: number): Files {
  const files: Files = {};
  const ts = Math.round(count * 0.4);
  const js = Math.round(count * 0.15);
  const py = Math.round(count * 0.25);
  const core = addTypeScript(files, "packages/ledger-core", Math.round(ts * 0.6), []);
  addTypeScript(files, "packages/web", ts - Math.round(ts * 0.6), core);
  addJavaScript(files, js);
  addPython(files, py);
  addGo(files, count - ts - js - py);
  return { ...files, ...manifests(), ...skippable() };
}

/** The modules of one language that fit in `budget` files when every fourth has a test. */
function modules(budget: number, sep: string, style: "camel" | "pascal" | "snake"): Module[] {
  const count = Math.max(1, Math.floor((budget * 4) / 5));
  return Array.from({ length: count }, (_, index) => {
    const k = Math.floor(index / ALL_STEMS.length);
    const base = ALL_AREAS[k % ALL_AREAS.length] as string;
    const area = k < ALL_AREAS.length ? base : `${base}${sep}${Math.floor(k / ALL_AREAS.length) + 1}`;
    const stem = ALL_STEMS[index % ALL_STEMS.length] as string;
    return { area, stem, fn: functionName(area, stem, style), index };
  });
}

/** The lower-indexed modules module `i` imports: an acyclic graph with edges across folders. */
function depsOf<T>(all: T[], i: number): T[] {
  const picks = [i - 1, i - 7, ...(i % 10 === 0 ? [i - 23] : [])].filter((j) => j >= 0);
  return [...new Set(picks)].map((j) => all[j] as T);
}

const isTested = (m: Module) => m.index % 4 === 0;
const relative = (from: Module, to: Module, ext: string) =>
  from.area === to.area ? `./${to.stem}${ext}` : `../${to.area}/${to.stem}${ext}`;

/** A TypeScript package; one importing `core` (the core package's exports) is the web app. */
function addTypeScript(files: Files, root: string, budget: number, core: Module[]): Module[] {
  const importsCore = core.length > 0;
  const all = modules(budget, "-", "camel").map((m) => ({ ...m, fn: importsCore ? `${m.fn}View` : m.fn }));
  for (const m of all) {
    const deps = depsOf(all, m.index).map((d) => ({ from: relative(m, d, ".ts"), fn: d.fn }));
    if (importsCore && m.index % 5 === 0) {
      const used = core[m.index % core.length] as Module;
      deps.push({ from: "@acme/ledger-core", fn: used.fn });
    }
    files[`${root}/src/${m.area}/${m.stem}.ts`] = tsModule(m, deps);
    if (isTested(m))
      files[`${root}/test/${m.area}/${m.stem}.test.ts`] = tsTest(m, `../../src/${m.area}/${m.stem}.ts`, true);
  }
  const exported = all.slice(0, 10);
  const lines = exported.map((m) => `export { ${m.fn} } from "./${m.area}/${m.stem}.ts";`);
  files[`${root}/src/${importsCore ? "main" : "index"}.ts`] = `${lines.join("\n")}\n`;
  return exported;
}

function addJavaScript(files: Files, budget: number): void {
  const all = modules(budget, "-", "camel");
  for (const m of all) {
    const deps = depsOf(all, m.index).map((d) => ({ from: relative(m, d, ".js"), fn: d.fn }));
    files[`services/api/src/${m.area}/${m.stem}.js`] = tsModule(m, deps).replace(
      /\(cents: number\[\]\): number/,
      "(cents)",
    );
    if (isTested(m))
      files[`services/api/test/${m.area}-${m.stem}.test.js`] = tsTest(
        m,
        `../src/${m.area}/${m.stem}.js`,
        false,
      );
  }
  const routes = all.slice(0, 8).map((m) => `  "/${m.area}/${m.stem}": ${m.fn},`);
  files["services/api/src/server.js"] = [
    'import { createServer } from "node:http";',
    ...all.slice(0, 8).map((m) => `import { ${m.fn} } from "./${m.area}/${m.stem}.js";`),
    "",
    "const routes = {",
    ...routes,
    "};",
    "",
    "createServer((req, res) => res.end(String(routes[req.url]?.([100, 200]) ?? 404))).listen(3000);",
    "",
  ].join("\n");
}

function addPython(files: Files, budget: number): void {
  const all = modules(budget, "_", "snake");
  const dotted = (m: Module) => `forecast.${m.area}.${m.stem}`;
  files["services/forecast/forecast/__init__.py"] = '"""Cash-flow forecasting."""\n';
  for (const m of all) {
    files[`services/forecast/forecast/${m.area}/__init__.py`] = "";
    const deps = depsOf(all, m.index).map((d) => ({ module: dotted(d), fn: d.fn }));
    files[`services/forecast/forecast/${m.area}/${m.stem}.py`] = pyModule(m, deps);
    if (isTested(m)) files[`services/forecast/tests/test_${m.area}_${m.stem}.py`] = pyTest(m, dotted(m));
  }
  const first = all[0] as Module;
  files["services/forecast/forecast/__main__.py"] = [
    `from ${dotted(first)} import ${first.fn}`,
    "",
    "",
    "def main() -> None:",
    `    print(${first.fn}([100, 200]))`,
    "",
    "",
    'if __name__ == "__main__":',
    "    main()",
    "",
  ].join("\n");
}

function addGo(files: Files, budget: number): void {
  const all = modules(budget, "", "pascal");
  for (const m of all) {
    const deps = depsOf(all, m.index).map((d) => ({ area: d.area, fn: d.fn }));
    files[`services/gateway/internal/${m.area}/${m.stem}.go`] = goModule(m, GO_MODULE, deps);
    if (isTested(m)) files[`services/gateway/internal/${m.area}/${m.stem}_test.go`] = goTest(m);
  }
  const first = all[0] as Module;
  files["services/gateway/cmd/gateway/main.go"] = [
    "package main",
    "",
    'import (\n\t"fmt"\n',
    `\t"${GO_MODULE}/internal/${first.area}"\n)`,
    "",
    "func main() {",
    `\tfmt.Println(${first.area}.${first.fn}([]int64{100, 200}))`,
    "}",
    "",
  ].join("\n");
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

function manifests(): Files {
  return {
    "package.json": json({
      name: "ledger",
      private: true,
      type: "module",
      workspaces: ["packages/*", "services/api"],
      scripts: { test: "vitest run", build: "tsc -b" },
      devDependencies: { typescript: "^5.9.0", vitest: "^3.2.0" },
    }),
    "packages/ledger-core/package.json": json({
      name: "@acme/ledger-core",
      type: "module",
      exports: { ".": "./src/index.ts" },
      dependencies: { "decimal.js": "^10.6.0" },
    }),
    "packages/ledger-core/tsconfig.json": json({ compilerOptions: { strict: true, module: "nodenext" } }),
    "packages/web/package.json": json({
      name: "@acme/web",
      type: "module",
      scripts: { dev: "vite", build: "vite build" },
      dependencies: { "@acme/ledger-core": "*", react: "^19.0.0" },
    }),
    "services/api/package.json": json({
      name: "@acme/api",
      type: "module",
      main: "src/server.js",
      scripts: { start: "node src/server.js", test: "node --test test/" },
      dependencies: { pino: "^10.0.0" },
    }),
    "services/forecast/pyproject.toml": [
      "[project]",
      'name = "forecast"',
      'version = "0.3.0"',
      'dependencies = ["pandas>=2.2", "numpy>=2.0"]',
      "",
      "[project.scripts]",
      'forecast = "forecast.__main__:main"',
      "",
      "[tool.pytest.ini_options]",
      'testpaths = ["tests"]',
      "",
    ].join("\n"),
    "services/gateway/go.mod": `module ${GO_MODULE}\n\ngo 1.23\n\nrequire github.com/shopspring/decimal v1.4.0\n`,
    "docs/services.md":
      "# Services\n\n- services/api: the HTTP API\n- services/forecast: cash-flow forecasts\n- services/gateway: the bank gateway\n",
  };
}

/** One file per skip reason the readers know (symlinks and submodules aside), and a binary `.txt`. */
function skippable(): Files {
  return {
    "package-lock.json": json({ name: "ledger", lockfileVersion: 3, packages: {} }),
    "node_modules/left-pad/index.js": "module.exports = (s, n) => String(s).padStart(n);\n",
    "services/gateway/vendor/github.com/shopspring/decimal/decimal.go": "package decimal\n",
    "services/gateway/go.sum": "github.com/shopspring/decimal v1.4.0 h1:abc=\n",
    "services/gateway/internal/pb/ledger.pb.go":
      "// Code generated by protoc-gen-go. DO NOT EDIT.\npackage pb\n",
    "packages/web/dist/app.min.js": "(()=>{console.log(1)})();\n",
    "assets/brand/logo.png": "\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR\u0000\u0001",
    "docs/diagrams/flow.pdf": "%PDF-1.7\n\u0000\u0001\u0002binary\n",
    "data/exports/ledger-2025.csv": Array.from(
      { length: 12_000 },
      (_, i) => `${i + 1},2025-${String((i % 12) + 1).padStart(2, "0")}-01,4000,${(i * 7919) % 100_000}`,
    ).join("\n"),
    "data/legacy/ledger-export.txt": "LEDGER\u0000EXPORT\u0000\u0001\u0002 1999\n",
  };
}
