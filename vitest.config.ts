import { defineConfig } from "vitest/config";

/**
 * The store's and the chat turn's tests, run a second time against a libSQL server over HTTP (the
 * testkit's stand-in for sqld, one per test database), the path production takes.
 */
const remoteDbTests = [
  "packages/core/src/db/**/*.test.ts",
  "packages/core/src/agent/*.test.ts",
  "packages/core/src/chat/**/*.test.ts",
  "packages/core/src/capitalisation/**/*.test.ts",
  "functions/http/chat*.test.ts",
  "functions/http/conversations.test.ts",
];

/** Tests of the local-file machinery itself, which a remote database never uses. */
const fileOnlyTests = [
  // FileClient, its statement cache and its differential test against @libsql/client's local client
  "packages/core/src/db/file-client.test.ts",
  // the in-process queue, durability (fsync off the loop) and other processes' locks on one file
  "packages/core/src/db/serialized-client.test.ts",
  "packages/core/src/db/fifo-lock.test.ts",
  "packages/core/src/db/wal-sync.test.ts",
  "packages/core/src/db/write-lock-probe.test.ts",
  // file pragmas, directory creation and cross-process file locking (the remote cases are in client.remote.test.ts)
  "packages/core/src/db/client.test.ts",
];

export default defineConfig({
  test: {
    globalSetup: ["./tests/global-setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Two cores: suites share one redis-server and spawn child processes.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: "file",
          include: [
            "packages/*/src/**/*.test.ts",
            "packages/web/src/**/*.test.tsx",
            "packages/web/scripts/**/*.test.ts",
            "functions/**/*.test.ts",
            "scripts/**/*.test.ts",
            "stacks/**/*.test.ts",
            "tests/**/*.test.ts",
          ],
          exclude: ["**/*.remote.test.ts", "**/node_modules/**"],
        },
      },
      {
        extends: true,
        test: {
          name: "remote-db",
          include: [...remoteDbTests, "**/*.remote.test.ts"],
          exclude: [...fileOnlyTests, "**/node_modules/**"],
          env: { FINCHAT_TEST_DB: "remote" },
        },
      },
    ],
  },
});
