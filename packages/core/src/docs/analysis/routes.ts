import { pythonBlock } from "./facts-python.ts";
import { LineIndex, matchingBracket } from "./lines.ts";
import type { Literal, Scanned } from "./scan.ts";
import type { HttpRoute } from "./types.ts";

const SERVER_IMPORT =
  /^(hono|hono\/(?!client)[\w-]+|express|fastify|koa|restify|polka|@hono\/zod-\w+|@koa\/router|@fastify\/[\w-]+)$/;
const SERVER_CODE = /\bnew\s+\w*Hono\b|\bexpress\s*\(|\bRouter\s*\(|\bfastify\s*\(|\bcreateRouter\b/;
const JS_METHOD_CALL = /\.(get|post|put|patch|delete|options|head|all)\s*\(\s*(?=["'`])/g;
const JS_ROUTE_OBJECT = /(?:\bcreateRoute|\.route)\s*\(\s*\{/g;
/** Receivers that are HTTP clients, whose `.get("/x")` sends a request rather than declaring a route. */
const CLIENT_RECEIVER =
  /(^|[^\w$])(request|client|axios|http|https|agent|supertest|superagent|fetcher|page|ky|got)\s*$/i;

/**
 * HTTP routes in a server file: Hono/Express/Fastify-style `app.get("/x", …)` calls and route
 * objects (`createRoute({ method, path })`, `fastify.route({ method, url })`). Only files that
 * import or build a server framework count, and calls on client-like receivers (`request.get`,
 * `axios.get`) are left out, so an HTTP client's requests are not taken for routes.
 */
export function jsRoutes(scanned: Scanned, imports: string[]): HttpRoute[] {
  const isServer = imports.some((s) => SERVER_IMPORT.test(s)) || SERVER_CODE.test(scanned.code);
  if (!isServer) return [];
  const lines = new LineIndex(scanned.code);
  const byStart = literalsByStart(scanned);
  return [
    ...jsMethodCalls(scanned.code, lines, byStart),
    ...jsRouteObjects(scanned.code, lines, byStart),
  ].sort((a, b) => a.lines.start - b.lines.start);
}

function jsMethodCalls(code: string, lines: LineIndex, byStart: Map<number, Literal>): HttpRoute[] {
  const routes: HttpRoute[] = [];
  for (const m of code.matchAll(JS_METHOD_CALL)) {
    const path = byStart.get(m.index + m[0].length)?.value;
    const receiver = code.slice(Math.max(0, m.index - 40), m.index);
    if (path?.startsWith("/") && !CLIENT_RECEIVER.test(receiver)) {
      const method = m[1] === "all" ? "ANY" : (m[1] ?? "").toUpperCase();
      routes.push({ method, path, lines: callLines(code, lines, m.index, code.indexOf("(", m.index)) });
    }
  }
  return routes;
}

function jsRouteObjects(code: string, lines: LineIndex, byStart: Map<number, Literal>): HttpRoute[] {
  const routes: HttpRoute[] = [];
  for (const m of code.matchAll(JS_ROUTE_OBJECT)) {
    const open = m.index + m[0].length - 1;
    const close = matchingBracket(code, open);
    const body = { from: open, to: close === -1 ? code.length : close };
    const path = valueAfter(code, byStart, body, /\b(?:path|url)\s*:\s*(?=["'`])/g)[0];
    const methods = valueAfter(code, byStart, body, /\bmethod\s*:\s*\[?\s*(?=["'])/g, true);
    const range = { start: lines.lineOf(m.index), end: lines.lineOf(body.to) };
    if (path?.startsWith("/"))
      for (const method of methods) routes.push({ method: method.toUpperCase(), path, lines: range });
  }
  return routes;
}

const PY_DECORATOR =
  /^[ \t]*@[\w.]*?\.(route|api_route|get|post|put|patch|delete|head|options)\s*\(\s*(?=["'])/gm;

/** Flask and FastAPI route decorators (`@app.route("/x", methods=[…])`, `@router.get("/x")`). */
export function pythonRoutes(scanned: Scanned): HttpRoute[] {
  const { code } = scanned;
  const lines = new LineIndex(code);
  const codeLines = code.split("\n");
  const byStart = literalsByStart(scanned);
  const routes: HttpRoute[] = [];
  for (const m of code.matchAll(PY_DECORATOR)) {
    const path = byStart.get(m.index + m[0].length)?.value;
    if (!path?.startsWith("/")) continue;
    const open = code.indexOf("(", m.index);
    const call = { from: open, to: matchingBracket(code, open) };
    const line = lines.lineOf(m.index);
    const defLine = lineOfNextDef(codeLines, line);
    const range =
      defLine > 0 ? { start: line, end: pythonBlock(codeLines, defLine).end } : { start: line, end: line };
    const decorator = m[1] ?? "";
    const listed = valueAfter(code, byStart, call, /\bmethods\s*=\s*[[(]/g, true);
    const methods =
      decorator === "route" || decorator === "api_route" ? (listed.length ? listed : ["GET"]) : [decorator];
    for (const method of methods) routes.push({ method: method.toUpperCase(), path, lines: range });
  }
  return routes;
}

const GO_HANDLE = /\.(HandleFunc|Handle)\s*\(\s*(?=")/g;
const GO_METHOD =
  /\.(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|Any|Get|Post|Put|Patch|Delete|Head|Options)\s*\(\s*(?=")/g;

/** net/http and mux `HandleFunc("/x")` (with Go 1.22 `"GET /x"` patterns and gorilla `.Methods`), gin/echo/chi `r.GET("/x")`. */
export function goRoutes(scanned: Scanned): HttpRoute[] {
  const { code } = scanned;
  const lines = new LineIndex(code);
  const byStart = literalsByStart(scanned);
  const routes: HttpRoute[] = [];
  for (const m of code.matchAll(GO_HANDLE)) {
    const pattern = byStart.get(m.index + m[0].length)?.value ?? "";
    const [, method, path] = /^(?:([A-Z]+)\s+)?(\/\S*)$/.exec(pattern) ?? [];
    if (!path) continue;
    const open = code.indexOf("(", m.index);
    const close = matchingBracket(code, open);
    const chained = /^\s*\.Methods\s*\(([^)]*)\)/.exec(code.slice(close + 1));
    const listed = chained ? stringsIn(scanned, close + 1, close + 1 + chained[0].length) : [];
    const range = callLines(code, lines, m.index, open);
    for (const verb of method ? [method] : listed.length ? listed : ["ANY"])
      routes.push({ method: verb.toUpperCase(), path, lines: range });
  }
  for (const m of code.matchAll(GO_METHOD)) {
    const path = byStart.get(m.index + m[0].length)?.value;
    if (!path?.startsWith("/")) continue;
    const method = m[1]?.toUpperCase() ?? "ANY";
    routes.push({ method, path, lines: callLines(code, lines, m.index, code.indexOf("(", m.index)) });
  }
  return routes.sort((a, b) => a.lines.start - b.lines.start);
}

/** The 1-based line of the first `def` at or after `line`; 0 when there is none. */
function lineOfNextDef(codeLines: string[], line: number): number {
  for (let i = line - 1; i < codeLines.length; i++)
    if (/^\s*(async\s+)?def\s/.test(codeLines[i] ?? "")) return i + 1;
  return 0;
}

function literalsByStart(scanned: Scanned): Map<number, Literal> {
  return new Map(scanned.strings.map((s) => [s.start, s]));
}

function callLines(code: string, lines: LineIndex, start: number, open: number): HttpRoute["lines"] {
  const close = matchingBracket(code, open);
  return { start: lines.lineOf(start), end: lines.lineOf(close === -1 ? open : close) };
}

/** String values right after each `key` match inside `within`; with `all`, every string up to the next `]`, `)` or `,`. */
function valueAfter(
  code: string,
  byStart: Map<number, Literal>,
  within: { from: number; to: number },
  key: RegExp,
  all = false,
): string[] {
  const values: string[] = [];
  const region = code.slice(within.from, within.to);
  for (const m of region.matchAll(key)) {
    let at = within.from + m.index + m[0].length;
    do {
      const literal = byStart.get(at);
      if (!literal) break;
      values.push(literal.value);
      at = literal.end + (/^\s*,\s*/.exec(code.slice(literal.end, literal.end + 40))?.[0].length ?? 0);
    } while (all);
    if (values.length > 0) break;
  }
  return values;
}

function stringsIn(scanned: Scanned, from: number, to: number): string[] {
  return scanned.strings.filter((s) => s.start >= from && s.start < to).map((s) => s.value);
}
