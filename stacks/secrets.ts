import { stage } from "./stage.ts";

/**
 * Every per-stage value that must not live in git, set with `sst secret set <Name> <value>
 * --stage <stage>`. Credentials have no placeholder, so a deploy without them fails loudly;
 * the optional integrations and allow-lists default to "" (the app treats that as unset).
 * Under `sst dev` on a personal stage the credentials default to "" too: the database is the
 * local file (no token), and without an OpenAI key chat runs fail with `llm_not_configured`
 * until one is set.
 */
const devPlaceholder = $dev && stage.kind === "personal" ? "" : undefined;

/** Credentials. */
export const openaiApiKey = new sst.Secret("OpenaiApiKey", devPlaceholder);
export const githubToken = new sst.Secret("GithubToken", "");
export const jiraApiToken = new sst.Secret("JiraApiToken", "");
/** The libSQL client token: a JWT signed with the private half of DatabaseAuthPublicKey. */
export const databaseAuthToken = new sst.Secret("DatabaseAuthToken", devPlaceholder);
/** The Ed25519 public key sqld checks client tokens with (not secret, but per stage). */
export const databaseAuthPublicKey = new sst.Secret("DatabaseAuthPublicKey", devPlaceholder);

/** Integration settings: not credentials, but they differ per deployment and gate access. */
export const githubAllow = new sst.Secret("GithubAllow", "");
export const jiraHost = new sst.Secret("JiraHost", "");
export const jiraEmail = new sst.Secret("JiraEmail", "");
export const jiraProjects = new sst.Secret("JiraProjects", "");

/** What the Api and the Worker are linked to; packages/core/src/linked-resources.ts maps them. */
export const appSecrets = [
  openaiApiKey,
  githubToken,
  jiraApiToken,
  databaseAuthToken,
  githubAllow,
  jiraHost,
  jiraEmail,
  jiraProjects,
];
