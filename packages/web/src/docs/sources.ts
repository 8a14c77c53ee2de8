import type { Schemas } from "../api/client.ts";

export type DocsSources = Schemas["DocsSources"];
export type SourceKind = "local" | "github";

/** What the form sends for: a configured local checkout by name, or a GitHub repository. */
export type DocsChoice =
  | { kind: "local"; name: string; ref: string }
  | { kind: "github"; repo: string; ref: string };

/** The kinds of repository a person can ask documentation for here, the default first. */
export function offeredKinds(sources: DocsSources): SourceKind[] {
  const kinds: SourceKind[] = [];
  if (sources.local.length > 0) kinds.push("local");
  if (sources.github.configured && sources.github.allow.length > 0) kinds.push("github");
  return kinds;
}

/**
 * Why GitHub repositories cannot be asked for, naming the setting that is missing; null when
 * they can.
 */
export function githubGap(sources: DocsSources): string | null {
  const { configured, allow } = sources.github;
  if (configured && allow.length > 0) return null;
  if (configured) return "GITHUB_TOKEN is set, but GITHUB_ALLOW names no repository.";
  if (allow.length > 0) return "GITHUB_ALLOW is set, but GITHUB_TOKEN is not.";
  return "Neither GITHUB_TOKEN nor GITHUB_ALLOW is set.";
}

/** The POST /api/docs body for a choice, and the name its documentation set will carry. */
export function requestOf(choice: DocsChoice): { body: Schemas["DocsRequest"]; label: string } {
  const ref = choice.ref.trim();
  const withRef = ref ? { ref } : {};
  if (choice.kind === "local") {
    return { body: { localRepo: choice.name, ...withRef }, label: `local/${choice.name}` };
  }
  const repo = choice.repo.trim();
  return { body: { repo, ...withRef }, label: repo };
}
