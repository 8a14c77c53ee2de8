import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

/**
 * The files every docs site ships: a small stylesheet, Mermaid's browser bundle (the diagrams are
 * drawn in the reader's browser, from the site's own copy, so the site works offline and from a
 * `file:` URL) and the script that starts it.
 */

export const stylesheet = `:root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --bg: #fff;
  --panel: #f6f8fa; --line: #d1d9e0; --link: #0969da; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117;
  --panel: #151b23; --line: #3d444d; --link: #4493f8; } }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.6 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--link); }
.layout { display: flex; min-height: 100vh; }
.sidebar { flex: 0 0 16rem; padding: 1rem; background: var(--panel); border-right: 1px solid var(--line); }
.sidebar .repo { font-weight: 600; margin: 0; word-break: break-all; }
.sidebar .commit { color: var(--muted); font-size: .85rem; margin: 0 0 1rem; }
.sidebar ul { list-style: none; margin: 0; padding: 0; }
.sidebar a { display: block; padding: .25rem .5rem; border-radius: 6px; text-decoration: none; }
.sidebar a[aria-current="page"] { background: var(--line); color: var(--fg); font-weight: 600; }
.content { flex: 1; min-width: 0; max-width: 60rem; padding: 1.5rem 2rem 3rem; }
.content section + section { border-top: 1px solid var(--line); margin-top: 3rem; }
pre, code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .9em; }
pre { background: var(--panel); padding: 1rem; overflow-x: auto; border-radius: 6px; }
pre.mermaid { background: none; overflow-x: auto; }
table { border-collapse: collapse; display: block; overflow-x: auto; }
th, td { border: 1px solid var(--line); padding: .35rem .75rem; text-align: left; }
footer { color: var(--muted); font-size: .85rem; padding: 1rem 2rem; border-top: 1px solid var(--line); }
@media (max-width: 48rem) { .layout { display: block; } .sidebar { border-right: 0; border-bottom: 1px solid var(--line); }
  .content { padding: 1rem; } }
`;

/**
 * Draws every `pre.mermaid` with strict security (no HTML labels, no click handlers), at its
 * natural size: a large diagram scrolls in its block instead of shrinking to unreadable text.
 */
export const startScript = `(function () {
  if (!window.mermaid) return;
  var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: dark ? "dark" : "default",
    flowchart: { useMaxWidth: false } });
  window.mermaid.run({ querySelector: "pre.mermaid" });
})();
`;

export const assetPaths = {
  stylesheet: "assets/style.css",
  mermaid: "assets/mermaid.min.js",
  start: "assets/site.js",
} as const;

let mermaidBundle: Promise<string> | undefined;

/** Mermaid's self-contained browser bundle (a classic script, so it also runs from `file:`). */
export function loadMermaidBundle(): Promise<string> {
  mermaidBundle ??= readFile(createRequire(import.meta.url).resolve("mermaid/dist/mermaid.min.js"), "utf8");
  return mermaidBundle;
}
