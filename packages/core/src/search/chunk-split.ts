/** A half-open range of 0-based line indexes. */
export interface Span {
  start: number;
  end: number;
}

export const CHUNK_MIN_LINES = 60;
export const CHUNK_MAX_LINES = 120;
/** Minified or generated text has few lines; a chunk also ends before it passes this many characters. */
export const CHUNK_MAX_CHARS = 12_000;

/** A line that opens a declaration when it starts at column 0 (TS/JS, Python, Go, Rust, Java, C#, tests). */
const TOP_LEVEL_DECLARATION =
  /^(export\s|default\s|async\s|function[\s*]|class\s|interface\s|type\s|enum\s|const\s|let\s|var\s|declare\s|abstract\s|def\s|func\s|fn\s|pub[\s(]|impl[\s<]|struct\s|trait\s|mod\s|public\s|private\s|protected\s|internal\s|static\s|final\s|module\s|describe\(|it\(|test\(|@[A-Za-z])/;
/** The same, indented: a method or nested function. */
const NESTED_DECLARATION =
  /^\s+(async\s+)?(def\s|func\s|fn\s|pub\s|public\s|private\s|protected\s|static\s|function\s|get\s|set\s|describe\(|it\(|test\()/;
const COMMENT = /^\s*(\/\/|\/\*|\*|#(?!include|define|if|endif|pragma)|"""|''')/;

const isBlank = (line: string | undefined) => line === undefined || line.trim() === "";
const atColumnZero = (line: string) => !/^\s/.test(line);

/**
 * Cuts a span into pieces of at most {@link CHUNK_MAX_LINES} lines (and {@link CHUNK_MAX_CHARS}
 * characters), each cut at the best boundary at least {@link CHUNK_MIN_LINES} lines in, preferring
 * one that leaves the rest no shorter than that either.
 */
export function splitSpan(lines: readonly string[], span: Span): Span[] {
  const pieces: Span[] = [];
  let start = span.start;
  for (;;) {
    const limit = reachableEnd(lines, start, span.end);
    if (limit >= span.end) break;
    const cut = bestCut(lines, start, limit, span.end);
    pieces.push({ start, end: cut });
    start = cut;
  }
  if (start < span.end) pieces.push({ start, end: span.end });
  return pieces;
}

/** The furthest end a chunk starting at `start` may have: the line and character limits. */
function reachableEnd(lines: readonly string[], start: number, end: number): number {
  let chars = 0;
  const lineLimit = Math.min(end, start + CHUNK_MAX_LINES);
  for (let i = start; i < lineLimit; i += 1) {
    chars += (lines[i] as string).length + 1;
    if (chars > CHUNK_MAX_CHARS) return Math.max(i, start + 1);
  }
  return lineLimit;
}

/** Where to end the chunk that starts at `start`: the strongest boundary, the latest among equals. */
function bestCut(lines: readonly string[], start: number, limit: number, end: number): number {
  const ranges = [
    { from: start + CHUNK_MIN_LINES, to: Math.min(limit, end - CHUNK_MIN_LINES) },
    { from: start + CHUNK_MIN_LINES, to: limit },
    { from: start + 1, to: limit },
  ];
  for (const { from, to } of ranges) {
    let best = -1;
    let bestStrength = 0;
    for (let cut = from; cut <= to; cut += 1) {
      const strength = boundaryStrength(lines, cut, end);
      if (strength > 0 && strength >= bestStrength) {
        best = cut;
        bestStrength = strength;
      }
    }
    if (best > start) return best;
  }
  return limit;
}

/**
 * How good a place it is to start a chunk at line `at` (0 = not a boundary): a top-level
 * declaration (or the comment block right above one) is best, then an indented declaration or a
 * line at column 0 after a blank line, then any line after a blank line. Never inside a comment.
 */
export function boundaryStrength(lines: readonly string[], at: number, end: number): number {
  const line = lines[at];
  const previous = lines[at - 1];
  if (line === undefined || isBlank(line) || previous === undefined) return 0;
  if (COMMENT.test(previous) && !isBlank(previous)) return 0;
  const afterBlank = isBlank(previous);
  let first = at;
  while (first < end && COMMENT.test(lines[first] as string)) first += 1;
  const opening = lines[first] ?? "";
  if (atColumnZero(line) && atColumnZero(opening) && TOP_LEVEL_DECLARATION.test(opening)) {
    return afterBlank ? 5 : 4;
  }
  if (!afterBlank) return 0;
  if (NESTED_DECLARATION.test(opening)) return 3;
  return atColumnZero(line) ? 2 : 1;
}
