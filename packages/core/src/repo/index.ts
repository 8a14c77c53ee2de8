/** Reading repositories: GitHub at a ref or a local git checkout, behind one interface. */
export { isNotAFile, partitionTree, skipReasonFor, type TreeEntry } from "./filters.ts";
export { createGitHubReader, GITHUB_READER_LABEL, type GitHubReaderOptions } from "./github-reader.ts";
export { HISTORY_LIMITS } from "./history.ts";
export { createLocalReader, type LocalReaderOptions, type LocalRepoReader } from "./local-reader.ts";
export { openReader, type ReaderConfig, type ReaderDeps } from "./reader.ts";
export { decodeText } from "./text.ts";
export type * from "./types.ts";
