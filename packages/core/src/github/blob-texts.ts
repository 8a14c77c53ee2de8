/**
 * Texts of git blobs by SHA, kept in this process with a bound on their total size (least recently
 * used go first). A blob's SHA names its content, so a text kept for one reader is right for every
 * other: the repository index run that a documentation run queues finds the files the docs run
 * just read, without asking GitHub again. Not in Redis, which never evicts.
 */
export class BlobTexts {
  readonly #maxChars: number;
  readonly #texts = new Map<string, string | null>();
  #chars = 0;
  #hits = 0;

  /** @param maxChars the most characters kept in all (default 16 M, about 32 MB). */
  constructor(maxChars = 16 * 1024 * 1024) {
    this.#maxChars = maxChars;
  }

  /** The text kept for `sha` (`null`: a binary blob), or undefined when none is. */
  get(sha: string): string | null | undefined {
    const text = this.#texts.get(sha);
    if (text === undefined) return undefined;
    this.#texts.delete(sha);
    this.#texts.set(sha, text);
    this.#hits += 1;
    return text;
  }

  set(sha: string, text: string | null): void {
    const size = text?.length ?? 0;
    if (size > this.#maxChars) return;
    const old = this.#texts.get(sha);
    if (old !== undefined) {
      this.#texts.delete(sha);
      this.#chars -= old?.length ?? 0;
    }
    while (this.#chars + size > this.#maxChars) {
      const [oldest, oldText] = this.#texts.entries().next().value as [string, string | null];
      this.#texts.delete(oldest);
      this.#chars -= oldText?.length ?? 0;
    }
    this.#texts.set(sha, text);
    this.#chars += size;
  }

  /** Texts kept, characters kept, and reads answered from here. */
  stats(): { texts: number; chars: number; hits: number } {
    return { texts: this.#texts.size, chars: this.#chars, hits: this.#hits };
  }
}
