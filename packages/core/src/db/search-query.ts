const MAX_TERMS = 20;
const MAX_TERM_LENGTH = 100;
/** A term without a letter or digit holds no token for the unicode61 tokenizer and could match nothing. */
const HAS_TOKEN = /[\p{L}\p{N}]/u;

/**
 * Turns what a person typed into an FTS5 MATCH expression that is always valid: every word
 * becomes a quoted string (so `AND`, `NEAR(`, `*`, `"` and `col:` are plain text), the words must
 * all appear, and the last one also matches as a prefix, for search-as-you-type. Returns null when
 * the input has nothing searchable.
 */
export function toFtsQuery(input: string): string | null {
  const terms = input
    .normalize("NFKC")
    .split(/[\s\p{Cc}]+/u)
    .filter((term) => HAS_TOKEN.test(term))
    .slice(0, MAX_TERMS)
    .map((term) => `"${term.slice(0, MAX_TERM_LENGTH).replaceAll('"', '""')}"`);
  if (terms.length === 0) return null;
  return `${terms.join(" ")}*`;
}
