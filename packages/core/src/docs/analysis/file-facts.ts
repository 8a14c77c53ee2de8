import type { RepoFile } from "../../repo/types.ts";
import { dockerEntryHints } from "./dockerfile.ts";
import { goEntryHints, goExports, goImports, goPackageComment } from "./facts-go.ts";
import { jsExports, jsImports, jsSummaryHint } from "./facts-js.ts";
import { pythonDocstring, pythonEntryHints, pythonExports, pythonImports } from "./facts-python.ts";
import { isProgrammingLanguage, languageOf } from "./languages.ts";
import { countLines } from "./lines.ts";
import { parseManifest } from "./manifests.ts";
import { basename } from "./paths.ts";
import { goRoutes, jsRoutes, pythonRoutes } from "./routes.ts";
import { scanGo, scanPython } from "./scan.ts";
import { scanJs } from "./scan-js.ts";
import { commentHint, markdownHint, mergeLineComments } from "./summary.ts";
import type { EntryHint, ExportedSymbol, FileFacts, HttpRoute } from "./types.ts";

type CodeFacts = Pick<FileFacts, "imports" | "exports" | "routes" | "summaryHint"> & {
  entryHints: EntryHint[];
};

const NO_CODE_FACTS: CodeFacts = { imports: [], exports: [], routes: [], summaryHint: "", entryHints: [] };
const JS_LANGUAGES = new Set(["TypeScript", "TSX", "JavaScript"]);
const MAIN_FUNCTION: Record<string, RegExp> = {
  Rust: /^fn\s+main\s*\(\s*\)/m,
  Java: /\bpublic\s+static\s+void\s+main\s*\(/,
  Kotlin: /^fun\s+main\s*\(/m,
  C: /^int\s+main\s*\(/m,
  "C++": /^int\s+main\s*\(/m,
};

/**
 * What one file says about itself, from its path and text alone (so the result can be cached by
 * blob SHA): language, lines, imports as written, exported symbols and HTTP routes with line
 * ranges, the manifest it is, whether it is a test, a one-sentence summary hint and entry hints.
 */
export function extractFileFacts(file: RepoFile, text: string): FileFacts {
  const language = languageOf(file.path)?.name ?? null;
  const code = codeFacts(language, text);
  const manifest = parseManifest(file.path, text);
  return {
    path: file.path,
    blobSha: file.blobSha,
    language,
    lines: countLines(text),
    imports: code.imports,
    exports: code.exports,
    routes: code.routes,
    ...(manifest ? { manifest } : {}),
    isTest: isTestPath(file.path, language),
    summaryHint: code.summaryHint,
    ...(code.entryHints.length > 0 ? { entryHints: code.entryHints } : {}),
  };
}

function codeFacts(language: string | null, text: string): CodeFacts {
  if (language !== null && JS_LANGUAGES.has(language)) {
    const scanned = scanJs(text);
    const imports = jsImports(scanned);
    return facts(imports, jsExports(scanned), jsRoutes(scanned, imports), jsSummaryHint(text, scanned), []);
  }
  if (language === "Python") {
    const scanned = scanPython(text);
    const imports = pythonImports(scanned);
    return facts(
      imports,
      pythonExports(scanned),
      pythonRoutes(scanned),
      pythonDocstring(scanned),
      pythonEntryHints(scanned),
    );
  }
  if (language === "Go") {
    const scanned = scanGo(text);
    const hint = goPackageComment(text, scanned);
    return facts(goImports(scanned), goExports(scanned), goRoutes(scanned), hint, goEntryHints(scanned));
  }
  if (language === "Markdown" || language === "MDX")
    return { ...NO_CODE_FACTS, summaryHint: markdownHint(text) };
  if (language === "Dockerfile") return { ...NO_CODE_FACTS, entryHints: dockerEntryHints(text) };
  if (language === "Shell") return { ...NO_CODE_FACTS, summaryHint: shellHint(text) };
  const main = language === null ? undefined : MAIN_FUNCTION[language];
  return main?.test(text) ? { ...NO_CODE_FACTS, entryHints: [{ reason: "main function" }] } : NO_CODE_FACTS;
}

function facts(
  imports: string[],
  exports: ExportedSymbol[],
  routes: HttpRoute[],
  summaryHint: string,
  entryHints: EntryHint[],
): CodeFacts {
  return { imports: [...new Set(imports)], exports, routes, summaryHint, entryHints };
}

/** The leading `#` comment of a shell script, after its shebang. */
function shellHint(text: string): string {
  const lines = text.split("\n");
  const comments = [];
  let offset = 0;
  for (const line of lines) {
    const end = offset + line.length;
    if (line.startsWith("#!") || (line.trim() === "" && comments.length === 0)) {
      offset = end + 1;
      continue;
    }
    if (!line.trimStart().startsWith("#")) break;
    comments.push({ start: offset, end, text: line.trim() });
    offset = end + 1;
  }
  return commentHint(mergeLineComments(text, comments));
}

const TEST_NAME = /(\.(test|spec)\.[^/]+$)|(^test_[^/]*\.py$)|(_test\.(py|go)$)|(^conftest\.py$)/;
const TEST_FOLDER = /(^|\/)(__tests__|tests?|spec|e2e)\//;

/** A test by its name (`*.test.*`, `*.spec.*`, `test_*.py`, `*_test.go`), or code under a test folder. */
export function isTestPath(path: string, language: string | null): boolean {
  if (TEST_NAME.test(basename(path))) return true;
  return TEST_FOLDER.test(path) && isProgrammingLanguage(language);
}
