import type { Config } from "@finchat/core/config";

/** The host of a URL, never its path, query or credentials; `undefined` when unset. */
function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).host;
  } catch {
    return "(unparseable)";
  }
}

/**
 * What a service picked up from its configuration, for one log line at start: which model and
 * where, which repositories and projects the tools may touch, what is configured at all. It names
 * no secret: keys and tokens appear only as whether they are set, URLs only as their host.
 */
export function startupSummary(config: Config) {
  const { openai, github, jira } = config;
  return {
    stage: config.stage,
    model: {
      configured: Boolean(openai.apiKey || openai.baseUrl),
      name: openai.model,
      host: hostOf(openai.baseUrl) ?? "api.openai.com",
      apiKeySet: Boolean(openai.apiKey),
      embeddingModel: config.docs.embeddingModel ?? null,
    },
    github: {
      configured: Boolean(github.token),
      host: hostOf(github.apiUrl),
      allow: github.allow,
      writes: github.writes,
    },
    jira: {
      configured: Boolean(jira.host && jira.email && jira.apiToken),
      host: hostOf(jira.host) ?? null,
      projects: jira.projects,
    },
    localRepos: Object.keys(config.localRepos),
  };
}
