import type { Citation } from "../agent/tool.ts";
import type { Queryable } from "../db/client.ts";
import type { Logger } from "../observability/logger.ts";
import { type CitedChunk, citeChunk, type SearchLinks } from "./cite.ts";
import type { Embedder } from "./embedder.ts";
import { queryTerms, toMatchExpression } from "./fts-text.ts";
import { snippetOf } from "./snippet.ts";
import type { SourceKind } from "./store.ts";
import { nearestChunks, vectorSpace } from "./vectors.ts";

export interface SearchIndexOptions {
  db: Queryable;
  query: string;
  /** Source labels to search (`owner/repo`, `local/<name>`, a Jira project key); all when omitted. */
  sources?: readonly string[] | undefined;
  /** Hits returned (default 10, at most 50). */
  limit?: number;
  /** With an embedder whose model filled the index, vector search joins full-text search. */
  embedder?: Embedder | undefined;
  links?: SearchLinks;
  signal?: AbortSignal;
  /** Whose search this is, for the embedding's usage. */
  userId?: string;
  logger?: Logger;
}

export interface SearchHit {
  source: string;
  kind: SourceKind;
  /** The file path, or the issue key. */
  path: string;
  /** 1-based inclusive lines of the chunk (absent for issues). */
  lines?: { start: number; end: number };
  /** `owner/repo@sha:path#L10-L40`, `local/name@sha:path#L10-L40` or `PROJ-123`, with its link. */
  citation: Citation;
  snippet: string;
  /** Reciprocal rank fusion of the full-text and vector rankings: higher is better. */
  score: number;
  matchedBy: ("text" | "vector")[];
}

/** The constant of reciprocal rank fusion: how much the top ranks outweigh the rest. */
const RRF_K = 60;

/**
 * Searches the index: full text (FTS5, bm25) and, when an embedder is given and the index holds
 * its model's vectors, vector similarity; the two rankings are combined by reciprocal rank fusion.
 * Hits carry their citation and a snippet around the best-matching lines.
 */
export async function searchIndex(options: SearchIndexOptions): Promise<SearchHit[]> {
  const limit = Math.min(Math.max(options.limit ?? 10, 1), 50);
  const labels = options.sources ? [...options.sources] : null;
  if (labels?.length === 0) return [];
  const candidates = Math.max(limit * 4, 40);
  const rankings: { by: "text" | "vector"; ids: number[] }[] = [
    { by: "text", ids: await textRanking(options.db, options.query, labels, candidates) },
  ];
  const vectorIds = await vectorRanking(options, labels, candidates);
  if (vectorIds) rankings.push({ by: "vector", ids: vectorIds });
  const fused = fuse(rankings).slice(0, limit);
  const rows = await chunkRows(
    options.db,
    fused.map((hit) => hit.id),
  );
  const terms = queryTerms(options.query);
  return fused.flatMap((hit) => {
    const row = rows.get(hit.id);
    if (!row) return [];
    const lines =
      row.startLine === null || row.kind === "jira"
        ? undefined
        : { start: row.startLine, end: row.endLine ?? row.startLine };
    return [
      {
        source: row.label,
        kind: row.kind,
        path: row.path,
        ...(lines ? { lines } : {}),
        citation: citeChunk(row, options.links ?? {}),
        snippet: snippetOf(row.text, terms),
        score: hit.score,
        matchedBy: hit.matchedBy,
      },
    ];
  });
}

const labelFilter = (labels: readonly string[] | null) =>
  labels ? `AND s.label IN (${labels.map(() => "?").join(", ")})` : "";

async function textRanking(
  db: Queryable,
  query: string,
  labels: readonly string[] | null,
  candidates: number,
): Promise<number[]> {
  const match = toMatchExpression(query);
  if (!match) return [];
  const result = await db.execute({
    sql: `SELECT search_fts.rowid AS id FROM search_fts
          JOIN search_chunks c ON c.id = search_fts.rowid
          JOIN search_files f ON f.id = c.file_id
          JOIN search_sources s ON s.id = f.source_id
          WHERE search_fts MATCH ? ${labelFilter(labels)}
          ORDER BY bm25(search_fts, 3.0, 1.0) LIMIT ?`,
    args: [match, ...(labels ?? []), candidates],
  });
  return result.rows.map((row) => Number(row.id));
}

async function vectorRanking(
  options: SearchIndexOptions,
  labels: readonly string[] | null,
  candidates: number,
): Promise<number[] | null> {
  const { embedder, db } = options;
  if (!embedder || options.query.trim() === "") return null;
  const space = await vectorSpace(db);
  if (space?.model !== embedder.model) {
    if (space)
      options.logger?.warn(
        { indexed: space.model, configured: embedder.model },
        "index vectors are of another model",
      );
    return null;
  }
  const [vector] = await embedder.embed([options.query], {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.userId ? { userId: options.userId } : {}),
  });
  if (!vector || vector.length !== space.dims) return null;
  return nearestChunks(db, vector, candidates, labels);
}

/** Reciprocal rank fusion: each ranking adds 1 / (k + rank) to the chunks it lists. */
export function fuse(
  rankings: readonly { by: "text" | "vector"; ids: readonly number[] }[],
): { id: number; score: number; matchedBy: ("text" | "vector")[] }[] {
  const fused = new Map<number, { id: number; score: number; matchedBy: ("text" | "vector")[] }>();
  for (const ranking of rankings) {
    ranking.ids.forEach((id, rank) => {
      const hit = fused.get(id) ?? { id, score: 0, matchedBy: [] };
      hit.score += 1 / (RRF_K + rank + 1);
      hit.matchedBy.push(ranking.by);
      fused.set(id, hit);
    });
  }
  return [...fused.values()].sort((a, b) => b.score - a.score || a.id - b.id);
}

export interface ChunkRow extends CitedChunk {
  id: number;
  text: string;
}

async function chunkRows(db: Queryable, ids: readonly number[]): Promise<Map<number, ChunkRow>> {
  if (ids.length === 0) return new Map();
  const result = await db.execute({
    sql: `SELECT c.id, s.label, s.kind, f.path, f.commit_sha, c.start_line, c.end_line, c.text
          FROM search_chunks c JOIN search_files f ON f.id = c.file_id JOIN search_sources s ON s.id = f.source_id
          WHERE c.id IN (${ids.map(() => "?").join(", ")})`,
    args: [...ids],
  });
  const nullableNumber = (value: unknown) => (value === null ? null : Number(value));
  return new Map(
    result.rows.map((row) => [
      Number(row.id),
      {
        id: Number(row.id),
        label: String(row.label),
        kind: String(row.kind) as SourceKind,
        path: String(row.path),
        commitSha: row.commit_sha === null ? null : String(row.commit_sha),
        startLine: nullableNumber(row.start_line),
        endLine: nullableNumber(row.end_line),
        text: String(row.text),
      },
    ]),
  );
}
