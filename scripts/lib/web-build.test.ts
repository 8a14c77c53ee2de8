import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { webSourceHash } from "./web-build.ts";

const dir = mkdtempSync(join(tmpdir(), "finchat-web-src-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("whether the SPA needs a build", () => {
  it("changes with the sources and ignores what the build writes", () => {
    mkdirSync(join(dir, "src"));
    writeFileSync(join(dir, "src", "main.tsx"), "one");
    writeFileSync(join(dir, "index.html"), "<div></div>");
    const first = webSourceHash(dir);
    mkdirSync(join(dir, "dist"));
    writeFileSync(join(dir, "dist", "index.html"), "built");
    expect(webSourceHash(dir)).toBe(first);
    writeFileSync(join(dir, "src", "main.tsx"), "two");
    expect(webSourceHash(dir)).not.toBe(first);
    writeFileSync(join(dir, "src", "main.tsx"), "one");
    mkdirSync(join(dir, "src", "chat"));
    writeFileSync(join(dir, "src", "chat", "new.tsx"), "");
    expect(webSourceHash(dir)).not.toBe(first);
  });
});
