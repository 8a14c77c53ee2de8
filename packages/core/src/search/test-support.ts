import { createHash } from "node:crypto";
import type { RepoFile, RepoReader, RepoSnapshot, RepoSource } from "../repo/types.ts";

/** The git blob SHA-1 of a text, as `git hash-object` computes it. */
export function gitBlobSha(text: string): string {
  const bytes = Buffer.from(text, "utf8");
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

/**
 * A repository held in memory, for tests: change its files between snapshots and see which files
 * an indexer read. Each snapshot's commit SHA is derived from the files, so an unchanged tree keeps
 * its commit.
 */
export class MemoryRepoReader implements RepoReader {
  readonly source: RepoSource;
  readonly label: string;
  /** Paths passed to readText, in order. */
  readonly reads: string[] = [];
  readonly #files = new Map<string, string>();

  constructor(label: string, files: Record<string, string>) {
    const [owner = "", repo = ""] = label.split("/");
    this.source = owner === "local" ? { kind: "local", name: repo } : { kind: "github", owner, repo };
    this.label = label;
    for (const [path, text] of Object.entries(files)) this.#files.set(path, text);
  }

  set(path: string, text: string): void {
    this.#files.set(path, text);
  }

  remove(path: string): void {
    this.#files.delete(path);
  }

  async snapshot(): Promise<RepoSnapshot> {
    const files: RepoFile[] = [...this.#files]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([path, text]) => ({ path, blobSha: gitBlobSha(text), size: Buffer.byteLength(text) }));
    const tree = files.map((file) => `${file.path} ${file.blobSha}`).join("\n");
    const commitSha = createHash("sha1").update(tree).digest("hex");
    return { source: this.source, label: this.label, ref: "main", commitSha, files, skipped: [] };
  }

  async readText(file: RepoFile): Promise<string | null> {
    this.reads.push(file.path);
    const text = this.#files.get(file.path);
    if (text === undefined) throw new Error(`${file.path} is not in the repository`);
    return text.includes("\0") ? null : text;
  }

  async history(): Promise<null> {
    return null;
  }
}

/** A TypeScript file of `functions` documented functions, each mentioning its own words. */
export function sampleSource(name: string, functions: { name: string; words: string }[]): string {
  const blocks = functions.map((fn) =>
    [
      "/**",
      ` * ${fn.words}`,
      " */",
      `export function ${fn.name}(input: number): number {`,
      ...Array.from({ length: 30 }, (_, i) => `  const step${i} = input + ${i};`),
      "  return input;",
      "}",
    ].join("\n"),
  );
  return `// ${name}\n\n${blocks.join("\n\n")}\n`;
}
