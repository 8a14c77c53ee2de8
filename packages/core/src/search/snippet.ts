const WINDOW_LINES = 8;
const MAX_SNIPPET_CHARS = 600;

/**
 * The lines of a chunk around its best match: up to 8 lines from just above the first line of the
 * densest window of the query's terms (the chunk's start when none occurs), cut to 600 characters.
 */
export function snippetOf(text: string, terms: readonly string[]): string {
  const lines = text.split("\n");
  const hits = lines.map((line) => {
    const lower = line.toLowerCase();
    return terms.reduce((n, term) => n + (lower.includes(term) ? 1 : 0), 0);
  });
  let bestStart = 0;
  let bestScore = -1;
  let score = 0;
  for (let i = 0; i < lines.length; i += 1) {
    score += hits[i] ?? 0;
    if (i >= WINDOW_LINES) score -= hits[i - WINDOW_LINES] ?? 0;
    const start = Math.max(0, i - WINDOW_LINES + 1);
    if (score > bestScore) {
      bestScore = score;
      bestStart = start;
    }
  }
  const firstHit = hits.findIndex((n, i) => i >= bestStart && n > 0);
  const from = bestScore > 0 && firstHit >= 0 ? Math.max(0, firstHit - 1) : 0;
  const window = lines.slice(from, from + WINDOW_LINES).join("\n");
  return window.length <= MAX_SNIPPET_CHARS ? window : `${window.slice(0, MAX_SNIPPET_CHARS)}…`;
}
