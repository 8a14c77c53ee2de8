import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["./tests/global-setup.ts"],
    include: [
      "packages/*/src/**/*.test.ts",
      "packages/web/src/**/*.test.tsx",
      "packages/web/scripts/**/*.test.ts",
      "functions/**/*.test.ts",
      "scripts/**/*.test.ts",
      "stacks/**/*.test.ts",
      "tests/**/*.test.ts",
    ],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Two cores: suites share one redis-server and spawn child processes.
    maxWorkers: 2,
  },
});
