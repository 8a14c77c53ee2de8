import type { Client } from "@libsql/client";
import type { CapLine, CapReport } from "./types.ts";

/**
 * The data version a computed report is valid for, read in one cheap statement before the rows.
 * It changes with every write to the tables a report reads:
 * - cap_policies, cap_epic_phases, cap_cost_rates, cap_person_roles: every change (policy.ts) writes
 *   a cap_audit row in the same transaction, and cap_audit is append-only with an autoincrement id,
 *   so the newest id moves;
 * - worklogs and cap_issues: every batch that stores or deletes them (sync.ts `followFeed`,
 *   issue-facts.ts) writes its feed's cursor in the same batch with a fresh `updated_at`; a page
 *   follows a Jira round trip, so two pages' times differ. The cursors' sum of `since_ms` and count
 *   are part of the version too.
 * Rows written by hand (tests' direct inserts, a manual fix in the database) change none of these:
 * reports computed before stay cached until the next audited change or sync page.
 */
export const DATA_VERSION_SQL = `SELECT (SELECT coalesce(max(id), 0) FROM cap_audit) || '/' ||
  (SELECT coalesce(max(updated_at), '') || '/' || coalesce(sum(since_ms), 0) || '/' || count(*)
   FROM cap_sync_cursors) AS version`;

/** A computed report and all its lines. */
export interface ComputedReport {
  report: CapReport;
  lines: CapLine[];
}

/** How many reports and lines one process keeps at most. */
export const REPORT_CACHE_LIMITS = { entries: 8, lines: 50_000 } as const;

/**
 * Computed reports by query and data version, least recently used first out. Bounded by entries
 * and by total lines; a report with more lines than the bound is not kept. Cached reports are
 * shared: callers must not change them (every caller copies what it changes).
 */
export class ReportCache {
  private readonly entries = new Map<string, ComputedReport>();
  private lineCount = 0;
  /** Served from the cache, and computed; for tests and benchmarks. */
  readonly stats = { hits: 0, misses: 0 };

  private readonly limits: { entries: number; lines: number };

  constructor(limits: { entries: number; lines: number } = REPORT_CACHE_LIMITS) {
    this.limits = limits;
  }

  get(key: string): ComputedReport | undefined {
    const found = this.entries.get(key);
    if (!found) {
      this.stats.misses += 1;
      return undefined;
    }
    this.stats.hits += 1;
    // Most recently used last.
    this.entries.delete(key);
    this.entries.set(key, found);
    return found;
  }

  set(key: string, value: ComputedReport): void {
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.lineCount -= old.lines.length;
    }
    if (value.lines.length > this.limits.lines) return;
    this.entries.set(key, value);
    this.lineCount += value.lines.length;
    for (const [k, v] of this.entries) {
      if (this.entries.size <= this.limits.entries && this.lineCount <= this.limits.lines) break;
      this.entries.delete(k);
      this.lineCount -= v.lines.length;
    }
  }

  /** Forgets every report (benchmarks measure the computation with it). */
  clear(): void {
    this.entries.clear();
    this.lineCount = 0;
  }

  get size(): number {
    return this.entries.size;
  }
}

const caches = new WeakMap<Client, ReportCache>();

/** The process's report cache for a database client (one per client, so databases never mix). */
export function reportCacheFor(db: Client): ReportCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = new ReportCache();
    caches.set(db, cache);
  }
  return cache;
}

/** The cache key: the period, the sorted projects asked for, and the data version. */
export function reportCacheKey(query: { from: string; to: string }, projects: string[], version: string) {
  return JSON.stringify([query.from, query.to, [...projects].sort(), version]);
}
