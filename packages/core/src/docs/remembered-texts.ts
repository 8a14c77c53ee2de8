import type { RepoFile, RepoReader } from "../repo/types.ts";

/** Characters of file text one run keeps (about 64 MB of memory at two bytes a character). */
export const DEFAULT_REMEMBERED_CHARS = 32 * 1024 * 1024;

/**
 * The reader, with the texts it read kept for the rest of the run (up to `maxChars` in all), so
 * that a file read for its facts is not fetched again when a page has it summarised.
 */
export function rememberTexts(reader: RepoReader, maxChars = DEFAULT_REMEMBERED_CHARS): RepoReader {
  const texts = new Map<string, string | null>();
  let kept = 0;
  return {
    snapshot: () => reader.snapshot(),
    history: (commitSha) => reader.history(commitSha),
    async readText(file: RepoFile) {
      const known = texts.get(file.blobSha);
      if (known !== undefined) return known;
      const text = await reader.readText(file);
      if (kept + (text?.length ?? 0) <= maxChars) {
        texts.set(file.blobSha, text);
        kept += text?.length ?? 0;
      }
      return text;
    },
  };
}
