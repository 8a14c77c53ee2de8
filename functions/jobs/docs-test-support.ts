import { openTestBucket } from "@finchat/core/backup/test-bucket";
import type { Env } from "@finchat/core/config";
import type { DocsGenerateDeps } from "@finchat/core/docs/generate";
import { docsGenerateQueue } from "@finchat/core/docs/jobs";
import { type GitHubHarness, startGitHubHarness } from "@finchat/core/github/test-support";
import { openReader } from "@finchat/core/repo/index";
import { consume } from "@finchat/jobs";
import type { GitHubServerOptions } from "@finchat/testkit";
import { createTestApi } from "../http/test-support.ts";
import { docsGenerateHandler } from "./docs-generate.ts";

/**
 * The Api over a bucket of its own (doc sets of the same testkit repository and commit must not
 * meet in a shared bucket), the testkit GitHub server with `acme/ledger`, and the docs job's
 * dependencies as the Worker builds them.
 */
export async function startDocsHarness(
  options: { repo?: GitHubServerOptions["repo"]; env?: Partial<Env> } = {},
) {
  const bucket = await openTestBucket();
  const github: GitHubHarness = await startGitHubHarness({
    repo: options.repo ?? { sourceFiles: 40, commits: 6 },
  });
  const api = await createTestApi({
    S3_BUCKET: bucket.bucket,
    GITHUB_ALLOW: "acme/ledger",
    GITHUB_API_URL: github.server.url,
    GITHUB_TOKEN: "test-token",
    ...options.env,
  });
  const client = github.client();
  const { config, db, redis, blobs, logger } = api.deps;
  const deps: DocsGenerateDeps = {
    db,
    redis,
    blobs,
    logger,
    openReader: (source, signal) => openReader(config, source, { github: client, signal }),
    progressIntervalMs: 0,
  };
  /** A docs-generate consumer bound to the test Api's queues: the handler the Worker runs. */
  const startWorker = (overrides: Partial<DocsGenerateDeps> = {}) =>
    consume(docsGenerateQueue, docsGenerateHandler({ ...deps, ...overrides }, 3), {
      connection: config.redis.url,
      prefix: config.queue.prefix,
      batchSize: 1,
      visibilityTimeoutMs: 10_000,
      maxReceiveCount: 3,
      backoff: { baseDelayMs: 50, maxDelayMs: 200 },
      logger,
    });
  const close = async () => {
    await api.close();
    await github.close();
    bucket.close();
  };
  return { api, github, client, deps, bucket, startWorker, close };
}
export type DocsHarness = Awaited<ReturnType<typeof startDocsHarness>>;

/** Waits for the run's terminal event and returns every event the run emitted. */
export async function runEvents(
  harness: DocsHarness,
  runId: string,
  headers: Record<string, string>,
): Promise<{ event: string; data: Record<string, unknown> }[]> {
  const res = await harness.api.app.request(`/api/runs/${runId}/events`, { headers });
  const text = await res.text();
  return text
    .split("\n\n")
    .map((block) => {
      const event = /^event: (.+)$/m.exec(block)?.[1];
      const data = /^data: (.+)$/m.exec(block)?.[1];
      return event && data ? { event, data: JSON.parse(data) as Record<string, unknown> } : null;
    })
    .filter((e) => e !== null);
}
