import type { Config } from "../config.ts";
import type { SourceKind } from "../db/doc-sets.ts";
import { AppError } from "../errors.ts";
import { AllowList, parseRepo } from "../github/allow-list.ts";
import type { RepoSource } from "../repo/types.ts";

/** What a person asks documentation for: a GitHub repository or a configured local checkout. */
export type DocsTarget = { repo: string; ref?: string } | { localRepo: string; ref?: string };

/** A branch, tag or commit as git spells them; never an option (`-x`) or a walk up (`..`). */
export const REF_PATTERN = /^(?!-)(?!.*\.\.)[A-Za-z0-9._/@+-]{1,200}$/;

/**
 * The label and source kind of a request, once it is allowed: a GitHub repository must be on the
 * allow-list (`forbidden` otherwise) and GitHub configured (`unprocessable` otherwise), a local one
 * must be named in the configuration (`forbidden` otherwise; no path is ever taken from a request).
 * GitHub labels are lower case, as GitHub
 * compares names, so one repository has one label.
 */
export function resolveTarget(
  config: Pick<Config, "github" | "localRepos">,
  target: DocsTarget,
): { label: string; sourceKind: SourceKind } {
  if (target.ref !== undefined && !REF_PATTERN.test(target.ref)) {
    throw new AppError("invalid_request", `"${target.ref}" is not a branch, tag or commit name`);
  }
  if ("repo" in target) {
    const { owner, repo } = parseRepo(target.repo);
    new AllowList(config.github.allow).assert(owner, repo);
    if (!config.github.token) {
      throw new AppError(
        "unprocessable",
        "GitHub is not configured (GITHUB_TOKEN), so its repositories cannot be read",
      );
    }
    return { label: `${owner}/${repo}`.toLowerCase(), sourceKind: "github" };
  }
  if (!Object.hasOwn(config.localRepos, target.localRepo)) {
    const names = Object.keys(config.localRepos);
    throw new AppError(
      "forbidden",
      `"${target.localRepo}" is not a configured local repository. ${
        names.length ? `Configured: ${names.join(", ")}.` : "None is configured (LOCAL_REPOS)."
      }`,
    );
  }
  return { label: `local/${target.localRepo}`, sourceKind: "local" };
}

/**
 * The reader source of a stored doc set. Once the set has a commit (a resumed run), it is read at
 * that commit, whatever its branch has moved on to since.
 */
export function sourceOf(docSet: {
  label: string;
  sourceKind: SourceKind;
  ref: string | null;
  commitSha: string | null;
}): RepoSource {
  const [first = "", second = ""] = docSet.label.split("/");
  const pinned = docSet.commitSha ?? docSet.ref;
  const ref = pinned === null ? {} : { ref: pinned };
  return docSet.sourceKind === "local"
    ? { kind: "local", name: second, ...ref }
    : { kind: "github", owner: first, repo: second, ...ref };
}
