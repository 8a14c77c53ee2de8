import type { Client } from "@libsql/client";
import type { SummaryCache } from "../docs/pages/summaries.ts";
import type { Queryable } from "./client.ts";
import { nowIso } from "./timestamps.ts";

/**
 * The caches that make a documentation rerun cheap: facts about a file by its blob SHA (and path,
 * which facts depend on), and model-written summaries by a key their writer derives from content.
 * Entries never go stale (their keys change with the content), so nothing here expires them.
 */

/** A file as the facts cache keys it. */
export type FactsKey = { path: string; blobSha: string };

/** Facts of one analyser version, looked up and stored in bulk. */
export interface FactsCache<F> {
  /** Cached facts of the files that have them, by path. */
  getMany(files: FactsKey[]): Promise<Map<string, F>>;
  putMany(entries: { key: FactsKey; facts: F }[]): Promise<void>;
}

/** Lookups per statement: keeps each statement's JSON argument small. */
const CHUNK = 500;

/** The `file_facts` table as a {@link FactsCache} for `analyserVersion`. */
export function factsCache<F>(db: Client, analyserVersion: string): FactsCache<F> {
  return {
    async getMany(files) {
      const found = new Map<string, F>();
      for (let i = 0; i < files.length; i += CHUNK) {
        const keys = files.slice(i, i + CHUNK).map((f) => [f.blobSha, f.path]);
        const result = await db.execute({
          sql: `SELECT f.path, f.facts FROM json_each(?) k
                JOIN file_facts f ON f.blob_sha = k.value ->> 0 AND f.path = k.value ->> 1
                  AND f.analyser_version = ?`,
          args: [JSON.stringify(keys), analyserVersion],
        });
        for (const row of result.rows) found.set(String(row.path), JSON.parse(String(row.facts)) as F);
      }
      return found;
    },
    async putMany(entries) {
      const now = nowIso();
      for (let i = 0; i < entries.length; i += CHUNK) {
        const rows = entries
          .slice(i, i + CHUNK)
          .map((e) => [e.key.blobSha, e.key.path, JSON.stringify(e.facts)]);
        await db.execute({
          sql: `INSERT INTO file_facts (blob_sha, path, analyser_version, facts, created_at)
                SELECT value ->> 0, value ->> 1, ?, value ->> 2, ? FROM json_each(?) WHERE true
                ON CONFLICT DO NOTHING`,
          args: [analyserVersion, now, JSON.stringify(rows)],
        });
      }
    },
  };
}

/** The `file_summaries` table as a {@link SummaryCache}. */
export function summaryCache(db: Queryable): SummaryCache {
  return {
    async get(key) {
      const result = await db.execute({
        sql: `SELECT summary, model, prompt_tokens, completion_tokens FROM file_summaries WHERE cache_key = ?`,
        args: [key],
      });
      const row = result.rows[0];
      if (!row) return null;
      return {
        summary: String(row.summary),
        model: String(row.model),
        promptTokens: Number(row.prompt_tokens),
        completionTokens: Number(row.completion_tokens),
      };
    },
    async put(key, entry) {
      await db.execute({
        sql: `INSERT INTO file_summaries (cache_key, summary, model, prompt_tokens, completion_tokens, created_at)
              VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (cache_key) DO NOTHING`,
        args: [key, entry.summary, entry.model, entry.promptTokens, entry.completionTokens, nowIso()],
      });
    },
  };
}
