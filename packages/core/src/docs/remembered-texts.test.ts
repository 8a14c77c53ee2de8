import { describe, expect, it } from "vitest";
import type { RepoFile, RepoReader } from "../repo/types.ts";
import { rememberTexts } from "./remembered-texts.ts";

describe("rememberTexts", () => {
  it("fetches a blob once, until the run's allowance of characters is used up", async () => {
    const reads: string[] = [];
    const reader: RepoReader = {
      snapshot: async () => {
        throw new Error("unused");
      },
      history: async () => null,
      readText: async (file) => {
        reads.push(file.path);
        return file.path === "bin.dat" ? null : "x".repeat(file.size);
      },
    };
    const remembering = rememberTexts(reader, 100);
    const file = (path: string, size: number): RepoFile => ({ path, blobSha: `sha-${path}`, size });
    for (const f of [file("a.ts", 60), file("a.ts", 60), file("bin.dat", 5), file("bin.dat", 5)]) {
      await remembering.readText(f);
    }
    expect(reads).toEqual(["a.ts", "bin.dat"]);
    await remembering.readText(file("b.ts", 50));
    await remembering.readText(file("b.ts", 50));
    expect(reads).toEqual(["a.ts", "bin.dat", "b.ts", "b.ts"]);
  });
});
