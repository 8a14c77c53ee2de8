/** What the full-text index holds for a chunk, and how a question becomes an FTS5 query over it. */

const IDENTIFIER = /[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*/g;
const HUMP = /(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|_/;
const WORD = /[\p{L}\p{N}_]+/gu;
const MAX_QUERY_TERMS = 16;
const MAX_TERM_LENGTH = 64;

/** The words inside compound identifiers: `postJournalEntry` → post, journal, entry. */
export function identifierParts(text: string): string[] {
  const parts = new Set<string>();
  for (const identifier of text.match(IDENTIFIER) ?? []) {
    if (!HUMP.test(identifier)) continue;
    for (const part of identifier.split(HUMP)) if (part.length > 1) parts.add(part.toLowerCase());
  }
  return [...parts];
}

/**
 * The indexed body of a chunk: its text, then the parts of its compound identifiers, so both
 * `postEntry` and "post entry" find the chunk that defines `postEntry`.
 */
export function ftsBody(text: string): string {
  const parts = identifierParts(text);
  return parts.length ? `${text}\n${parts.join(" ")}` : text;
}

/** The distinct search words of a question, lower-cased, at most 16. */
export function queryTerms(query: string): string[] {
  const terms = new Set<string>();
  for (const word of query.normalize("NFKC").match(WORD) ?? []) {
    terms.add(word.slice(0, MAX_TERM_LENGTH).toLowerCase());
    if (terms.size >= MAX_QUERY_TERMS) break;
  }
  return [...terms];
}

/**
 * An FTS5 MATCH expression that is always valid: every word quoted (so operators and `col:` are
 * plain text) and any word may match, leaving the ranking to bm25. Null when nothing is searchable.
 */
export function toMatchExpression(query: string): string | null {
  const terms = queryTerms(query);
  if (terms.length === 0) return null;
  return terms.map((term) => `"${term.replaceAll('"', '""')}"`).join(" OR ");
}
