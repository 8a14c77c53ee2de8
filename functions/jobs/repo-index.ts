import type { Client } from "@finchat/core/db";
import type { Logger } from "@finchat/core/observability/logger";
import type { RepoReader, RepoSource } from "@finchat/core/repo/types";
import type { Embedder } from "@finchat/core/search/embedder";
import { indexRepository } from "@finchat/core/search/index-repository";
import { isPermanentFailure, RepoIndexJob, repoIndexQueue, sourceLabel } from "@finchat/core/search/jobs";
import type { SQSHandler } from "aws-lambda";
import { recordHandler } from "./records.ts";

export interface RepoIndexDeps {
  db: Client;
  logger: Logger;
  /** Set when an embedding model is configured (see createConfiguredEmbedder). */
  embedder?: Embedder | undefined;
  /**
   * The reader for a source, refusing what the allow-lists and LOCAL_REPOS do not allow (the
   * worker passes `(source) => openReader(config, source, { github })`).
   */
  openReader(source: RepoSource): RepoReader;
}

/**
 * The `repo-index` handler: brings one repository's search index up to date (incremental, so a
 * redelivered message finds its work done). A source that can never be read (not allowed, no such
 * ref) is logged and dropped; anything else is retried.
 */
export function repoIndexHandler(deps: RepoIndexDeps): SQSHandler {
  return recordHandler(repoIndexQueue, RepoIndexJob, deps.logger, async (job, record) => {
    const label = sourceLabel(job.source);
    let reader: RepoReader | undefined;
    try {
      reader = deps.openReader(job.source);
      await indexRepository({ db: deps.db, reader, embedder: deps.embedder, logger: deps.logger });
    } catch (err) {
      if (!isPermanentFailure(err)) throw err;
      deps.logger.error(
        { err, messageId: record.messageId, source: label },
        "dropping repo-index message that cannot succeed",
      );
    } finally {
      reader?.close?.();
    }
  });
}
