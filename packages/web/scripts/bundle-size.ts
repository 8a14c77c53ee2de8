// What a first visit downloads before the app can draw: index.html's entry script, the chunks it
// preloads and its stylesheets, gzipped. Mermaid, the highlighter and their grammars are loaded
// later, on demand, and are not counted. `node scripts/bundle-size.ts` prints it for a built dist/.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

/** The most the first load may weigh, gzipped (JS + CSS). */
export const initialLoadBudgetBytes = 170 * 1024;

export type BundleReport = {
  initial: { file: string; gzipBytes: number }[];
  initialGzipBytes: number;
  lazyGzipBytes: number;
};

/** Measures a built dist/ directory. */
export function measureBundle(distDir: string): BundleReport {
  const html = readFileSync(join(distDir, "index.html"), "utf8");
  const referenced = [
    ...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*\shref)="\/(assets\/[^"]+\.(?:js|css))"/g),
  ].map((m) => m[1] as string);
  const gzipOf = (file: string) => gzipSync(readFileSync(join(distDir, file)), { level: 9 }).length;
  const initial = referenced.map((file) => ({ file, gzipBytes: gzipOf(file) }));
  const everything = readdirSync(join(distDir, "assets"))
    .filter((name) => /\.(js|css)$/.test(name))
    .map((name) => `assets/${name}`);
  const lazy = everything.filter((file) => !referenced.includes(file));
  return {
    initial,
    initialGzipBytes: initial.reduce((sum, f) => sum + f.gzipBytes, 0),
    lazyGzipBytes: lazy.reduce((sum, file) => sum + gzipOf(file), 0),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const report = measureBundle(fileURLToPath(new URL("../dist", import.meta.url)));
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  for (const f of report.initial) console.log(`${f.file}: ${kb(f.gzipBytes)} gzip`);
  console.log(`initial load: ${kb(report.initialGzipBytes)} gzip (budget ${kb(initialLoadBudgetBytes)})`);
  console.log(`loaded on demand: ${kb(report.lazyGzipBytes)} gzip`);
}
