import { strToU8, type Zippable, zipSync } from "fflate";
import type { SiteFile } from "./site.ts";
import type { Manifest } from "./store.ts";

/** What goes into a doc set's zip. */
export type ExportInput = {
  manifest: Manifest;
  pages: { path: string; markdown: string }[];
  site: SiteFile[];
};

/** The folder every entry of the zip sits in: `owner-repo-<sha7>` (unzipping makes one folder). */
export function exportFolderName(manifest: Pick<Manifest, "label" | "commitSha">): string {
  return `${manifest.label.replace(/[^A-Za-z0-9_.-]/g, "-")}-${manifest.commitSha.slice(0, 7)}`;
}

/**
 * The doc set as one zip: `<folder>/manifest.json`, `<folder>/pages/**.md` and `<folder>/site/**`
 * (open `site/index.html`). Entries carry the set's generation time, so the same set always zips
 * to the same bytes.
 */
export function buildZip(input: ExportInput): Uint8Array {
  const mtime = new Date(input.manifest.generatedAt);
  const files: Zippable = {};
  const add = (path: string, body: string) => {
    files[path] = [strToU8(body), { mtime }];
  };
  const root = exportFolderName(input.manifest);
  add(`${root}/manifest.json`, JSON.stringify(input.manifest, null, 2));
  for (const page of input.pages) add(`${root}/pages/${page.path}`, page.markdown);
  for (const file of input.site) add(`${root}/site/${file.path}`, file.body);
  return zipSync(files, { level: 6 });
}
