import type { BlobStore } from "../storage/blob-store.ts";
import { buildZip } from "./export.ts";
import { buildSingleFile, buildSite, type SitePage } from "./site.ts";
import { type DocsLocation, docsKeys, type Manifest, putManifest } from "./store.ts";

/** Uploads at a time: enough to hide S3's latency without a burst of hundreds of requests. */
const PARALLEL_UPLOADS = 8;

/**
 * Publishes a doc set whose pages are stored: the static site under `site/`, `export.zip`,
 * `export.html` and, last, `manifest.json`, so a set with a manifest is complete. Safe to repeat:
 * every object is rewritten whole.
 */
export async function publishDocSet(
  blobs: BlobStore,
  location: DocsLocation,
  input: { manifest: Manifest; pages: SitePage[] },
): Promise<{ siteFiles: number; zipBytes: number }> {
  const meta = {
    label: input.manifest.label,
    ref: input.manifest.ref,
    commitSha: input.manifest.commitSha,
    generatedAt: input.manifest.generatedAt,
  };
  const site = await buildSite(input.pages, meta);
  await inBatches(site, (file) => blobs.put(docsKeys.site(location, file.path), file.body, file.contentType));
  const zip = buildZip({ manifest: input.manifest, pages: input.pages, site });
  await blobs.put(docsKeys.exportZip(location), zip, "application/zip");
  const single = await buildSingleFile(input.pages, meta);
  await blobs.put(docsKeys.exportHtml(location), single, "text/html; charset=utf-8");
  await putManifest(blobs, location, input.manifest);
  return { siteFiles: site.length, zipBytes: zip.length };
}

async function inBatches<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += PARALLEL_UPLOADS) {
    await Promise.all(items.slice(i, i + PARALLEL_UPLOADS).map(work));
  }
}
