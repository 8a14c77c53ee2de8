import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { FactsCache } from "../db/docs-cache.ts";
import type { RepoFile, RepoReader, SkippedFile } from "../repo/types.ts";
import type { FileFacts } from "./analysis/types.ts";

/** Cached facts of a file, or null for a file whose content turned out not to be text. */
export type CachedFacts = FileFacts | null;

export interface CollectFactsInput {
  reader: Pick<RepoReader, "readText">;
  files: RepoFile[];
  cache: FactsCache<CachedFacts>;
  extract: (file: RepoFile, text: string) => FileFacts;
  /** Files read at a time (GitHub: blob requests in flight). */
  concurrency: number;
  signal?: AbortSignal;
  /** Called as files are done, with how many are (cached ones count at once). */
  onProgress?: (filesRead: number) => void;
}

export interface CollectedFacts {
  facts: Map<string, FileFacts>;
  /** Files listed as text that turned out binary or not UTF-8. */
  unreadable: SkippedFile[];
  /** Files whose content was fetched this time (the rest came from the cache). */
  fetched: number;
}

/** Fresh facts are stored this many at a time, so a run killed midway keeps most of its reading. */
const SAVE_EVERY = 100;

/**
 * Facts for every file: from the cache by blob SHA (and path), else by reading the file and
 * extracting them, then caching them. A file that is not text after all is cached as such, so an
 * unchanged file is never fetched twice.
 */
export async function collectFacts(input: CollectFactsInput): Promise<CollectedFacts> {
  const cached = await input.cache.getMany(input.files);
  const facts = new Map<string, FileFacts>();
  const unreadable: SkippedFile[] = [];
  const record = (file: RepoFile, found: CachedFacts) => {
    if (found) facts.set(file.path, found);
    else unreadable.push({ path: file.path, reason: "binary", size: file.size });
  };
  const missing: RepoFile[] = [];
  for (const file of input.files) {
    if (cached.has(file.path)) record(file, cached.get(file.path) ?? null);
    else missing.push(file);
  }
  let done = input.files.length - missing.length;
  input.onProgress?.(done);

  let pending: { key: RepoFile; facts: CachedFacts }[] = [];
  const save = async () => {
    const batch = pending;
    pending = [];
    if (batch.length) await input.cache.putMany(batch.map((e) => ({ key: e.key, facts: e.facts })));
  };
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (next < missing.length && !failed) {
      input.signal?.throwIfAborted();
      const file = missing[next++] as RepoFile;
      const text = await input.reader.readText(file).catch((err: unknown) => {
        failed = true;
        throw err;
      });
      const found = text === null ? null : input.extract(file, text);
      record(file, found);
      pending.push({ key: file, facts: found });
      if (pending.length >= SAVE_EVERY) await save();
      input.onProgress?.(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, input.concurrency) }, worker));
  await save();
  return { facts: inSnapshotOrder(input.files, facts), unreadable, fetched: missing.length };
}

function inSnapshotOrder(files: RepoFile[], facts: Map<string, FileFacts>): Map<string, FileFacts> {
  const ordered = new Map<string, FileFacts>();
  for (const file of files) {
    const found = facts.get(file.path);
    if (found) ordered.set(file.path, found);
  }
  return ordered;
}

let version: Promise<string> | undefined;

/**
 * The version the facts cache is keyed by: a hash of the analyser's own source, so any change to
 * how facts are extracted makes every file's facts be extracted afresh, with no constant to forget.
 */
export function analyserVersion(dir = join(import.meta.dirname, "analysis")): Promise<string> {
  version ??= (async () => {
    const names = (await readdir(dir)).filter((n) => n.endsWith(".ts") && !n.includes(".test.")).sort();
    const hash = createHash("sha256");
    for (const name of names) hash.update(`${name}\0${await readFile(join(dir, name), "utf8")}\0`);
    return hash.digest("hex").slice(0, 16);
  })();
  return version;
}
