import { createHash } from "node:crypto";
import { z } from "zod";
import type { BlobStore } from "../storage/blob-store.ts";

/**
 * Where a doc set lives in S3: everything under `docs/<label>/<commitSha>/` — `pages/<page>.md`,
 * `manifest.json`, `site/**` (the static HTML site), `export.zip` and `export.html` (the whole set
 * in one self-contained HTML file). One label and commit has one set of objects, whichever request
 * wrote them.
 */
export type DocsLocation = { label: string; commitSha: string };

const SAFE_SEGMENT = /^[A-Za-z0-9_.@+-]+$/;

/** A relative, `/`-separated path whose segments are plain names (no `..`, no empty segment). */
export function isSafeRelativePath(path: string): boolean {
  const segments = path.split("/");
  return segments.every((s) => SAFE_SEGMENT.test(s) && s !== "." && s !== "..");
}

/** The key prefix of a doc set (ends with `/`). @throws Error for a label or SHA unfit for a key. */
export function docsPrefix(location: DocsLocation): string {
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(location.label) || !isSafeRelativePath(location.label)) {
    throw new Error(`"${location.label}" is not a doc set label`);
  }
  if (!/^[0-9a-f]{40,64}$/.test(location.commitSha))
    throw new Error(`"${location.commitSha}" is not a commit SHA`);
  return `docs/${location.label}/${location.commitSha}/`;
}

function under(location: DocsLocation, folder: string, path: string): string {
  if (!isSafeRelativePath(path)) throw new Error(`"${path}" is not a safe relative path`);
  return `${docsPrefix(location)}${folder}${path}`;
}

export const docsKeys = {
  page: (location: DocsLocation, pagePath: string) => under(location, "pages/", pagePath),
  site: (location: DocsLocation, sitePath: string) => under(location, "site/", sitePath),
  manifest: (location: DocsLocation) => `${docsPrefix(location)}manifest.json`,
  exportZip: (location: DocsLocation) => `${docsPrefix(location)}export.zip`,
  exportHtml: (location: DocsLocation) => `${docsPrefix(location)}export.html`,
};

export const manifestPageSchema = z.object({
  path: z.string(),
  title: z.string(),
  inputsHash: z.string(),
  sha256: z.string(),
  /** `skeleton` or `model:<name>`. */
  writer: z.string(),
});

/** `manifest.json`: what the set holds and how it was made. */
export const manifestSchema = z.object({
  label: z.string(),
  ref: z.string(),
  commitSha: z.string(),
  generatedAt: z.string(),
  generator: z.object({ kind: z.enum(["skeleton", "model"]), model: z.string().optional() }),
  pages: z.array(manifestPageSchema),
  files: z.object({ read: z.number().int(), skipped: z.number().int() }),
  /** Files not read, counted by reason, with the first few paths of each reason. */
  skipped: z.record(z.string(), z.object({ count: z.number().int(), examples: z.array(z.string()) })),
  usage: z.object({
    modelCalls: z.number().int(),
    promptTokens: z.number().int(),
    completionTokens: z.number().int(),
    costUsd: z.string(),
  }),
});
export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestPage = z.infer<typeof manifestPageSchema>;

export function sha256Hex(body: string | Uint8Array): string {
  return createHash("sha256").update(body).digest("hex");
}

/** Stores a page's Markdown and returns its key and SHA-256. */
export async function putPage(
  blobs: BlobStore,
  location: DocsLocation,
  pagePath: string,
  markdown: string,
): Promise<{ key: string; sha256: string }> {
  const key = docsKeys.page(location, pagePath);
  await blobs.put(key, markdown, "text/markdown; charset=utf-8");
  return { key, sha256: sha256Hex(markdown) };
}

/** A page's Markdown, or null when the set has no such page. */
export async function getPage(
  blobs: BlobStore,
  location: DocsLocation,
  pagePath: string,
): Promise<string | null> {
  const bytes = await blobs.get(docsKeys.page(location, pagePath));
  return bytes ? new TextDecoder().decode(bytes) : null;
}

export async function putManifest(
  blobs: BlobStore,
  location: DocsLocation,
  manifest: Manifest,
): Promise<void> {
  await blobs.put(docsKeys.manifest(location), JSON.stringify(manifest, null, 2), "application/json");
}

/** The set's manifest, or null before it is written. */
export async function getManifest(blobs: BlobStore, location: DocsLocation): Promise<Manifest | null> {
  const bytes = await blobs.get(docsKeys.manifest(location));
  return bytes ? manifestSchema.parse(JSON.parse(new TextDecoder().decode(bytes))) : null;
}
