import type { EntryHint } from "./types.ts";

/**
 * A Dockerfile's CMD and ENTRYPOINT instructions (every stage's) with the command each runs.
 * Continuation lines are joined first, so a `HEALTHCHECK … CMD` on a continued line is not taken
 * for the container's command.
 */
export function dockerEntryHints(text: string): EntryHint[] {
  const instructions = text
    .replace(/\\\r?\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  const hints: EntryHint[] = [];
  for (const line of instructions) {
    const m = /^(CMD|ENTRYPOINT)\s+(.*)$/i.exec(line);
    if (m) hints.push({ reason: `Dockerfile ${m[1]?.toUpperCase()}`, command: commandOf(m[2] ?? "") });
  }
  return hints;
}

function commandOf(argument: string): string {
  if (!argument.startsWith("[")) return argument.trim();
  try {
    const parts: unknown = JSON.parse(argument);
    if (Array.isArray(parts)) return parts.map(String).join(" ");
  } catch {}
  return argument.trim();
}
