/** The search index over code and Jira issues: indexing, search, the agent tool and the jobs' queues. */
export { chunkFile, type TextChunk } from "./chunk.ts";
export type { SearchLinks } from "./cite.ts";
export { createConfiguredEmbedder, embeddingPrices, embeddingUsageRecorder } from "./configured-embedder.ts";
export {
  createOpenAIEmbedder,
  type Embedder,
  type EmbeddingUsage,
  type EmbedOptions,
  type OpenAIEmbedderOptions,
} from "./embedder.ts";
export { type IndexJiraOptions, indexJiraProject, type JiraIndexResult } from "./index-jira.ts";
export {
  type IndexProgress,
  type IndexRepositoryOptions,
  indexRepository,
  type RepositoryIndexResult,
} from "./index-repository.ts";
export {
  enqueueJiraSync,
  enqueueRepoIndex,
  isPermanentFailure,
  JiraSyncJob,
  jiraSyncQueue,
  parseJob,
  RepoIndexJob,
  repoIndexQueue,
  sourceLabel,
} from "./jobs.ts";
export { type SearchHit, type SearchIndexOptions, searchIndex } from "./search.ts";
export { type IndexedSource, listSources } from "./store.ts";
export { type SearchToolDeps, searchCodeAndIssuesTool, searchToolDeps } from "./tool.ts";
