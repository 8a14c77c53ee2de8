import type { Config } from "../config.ts";
import { AppError } from "../errors.ts";
import type { GitHubClient } from "../github/client.ts";
import { createGitHubReader } from "./github-reader.ts";
import { createLocalReader } from "./local-reader.ts";
import type { RepoReader, RepoSource } from "./types.ts";

/** The settings the readers use: `LOCAL_REPOS` and the size cap. */
export interface ReaderConfig {
  localRepos: Config["localRepos"];
  docs: Pick<Config["docs"], "maxFileBytes">;
}

/** What the readers need beside the configuration. */
export interface ReaderDeps {
  /** The GitHub client; without one, GitHub sources are refused. */
  github?: GitHubClient;
  /** Cancels the reader's requests and git processes. */
  signal?: AbortSignal;
}

/**
 * The reader for a source: GitHub repositories through the client (its allow-list decides), and
 * local checkouts only by a name configured in `LOCAL_REPOS`, never by a path from the request.
 * @throws AppError `forbidden` for a repository outside the allow-list or a name not in
 *   `LOCAL_REPOS`, `unavailable` when GitHub is not configured, `invalid_request` for anything else.
 */
export function openReader(config: ReaderConfig, source: RepoSource, deps: ReaderDeps = {}): RepoReader {
  const { maxFileBytes } = config.docs;
  const signal = deps.signal ? { signal: deps.signal } : {};
  const kind = (source as { kind?: unknown }).kind;
  if (source.kind === "github") {
    if (!deps.github)
      throw new AppError(
        "unavailable",
        "GitHub is not configured (GITHUB_TOKEN), so GitHub repositories cannot be read",
      );
    return createGitHubReader({ client: deps.github, source, maxFileBytes, ...signal });
  }
  if (source.kind === "local") {
    const names = Object.keys(config.localRepos);
    const path = Object.hasOwn(config.localRepos, source.name) ? config.localRepos[source.name] : undefined;
    if (path === undefined) {
      const allowed = names.length ? `Configured: ${names.join(", ")}.` : "LOCAL_REPOS is empty.";
      throw new AppError(
        "forbidden",
        `No local repository is named "${String(source.name).slice(0, 80)}". ${allowed}`,
      );
    }
    const ref = source.ref === undefined ? {} : { ref: source.ref };
    return createLocalReader({ name: source.name, path, maxFileBytes, ...ref, ...signal });
  }
  throw new AppError("invalid_request", `Unknown repository source kind "${String(kind).slice(0, 40)}"`);
}
