import { loadConfig } from "@finchat/core/config";
import { describe, expect, it } from "vitest";
import { type DocsDeps, docsGenerateDeps } from "./docs.ts";

// Only the fields docsGenerateDeps copies are read; nothing here is called.
const deps = {} as DocsDeps;

describe("the docs job's links", () => {
  it("point at GitHub Enterprise's web host when GITHUB_API_URL is its /api/v3", () => {
    const config = loadConfig({ GITHUB_API_URL: "https://ghe.example.com/api/v3" });
    expect(docsGenerateDeps(config, deps).webBase).toBe("https://ghe.example.com");
  });

  it("point at github.com for api.github.com, and at the API's origin for anything else", () => {
    expect(docsGenerateDeps(loadConfig({}), deps).webBase).toBe("https://github.com");
    const local = loadConfig({ GITHUB_API_URL: "http://127.0.0.1:4010" });
    expect(docsGenerateDeps(local, deps).webBase).toBe("http://127.0.0.1:4010");
  });
});
