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

/** What the Api and the Worker read; packages/core/src/linked-resources.ts maps them. */
export const appSecrets = {
  OpenaiApiKey: openaiApiKey,
  GithubToken: githubToken,
  JiraApiToken: jiraApiToken,
  DatabaseAuthToken: databaseAuthToken,
  GithubAllow: githubAllow,
  JiraHost: jiraHost,
  JiraEmail: jiraEmail,
  JiraProjects: jiraProjects,
};

/**
 * Secrets by reference. Linking a secret would put its value in the task definition's
 * environment, readable by anyone allowed `ecs:DescribeTaskDefinition`. Instead each one is an
 * SSM SecureString parameter `/finchat/<stage>/<Name>` holding what the link variable would hold
 * (`{"value": ...}`), and the container definition names it under `secrets`: ECS reads it with
 * the execution role when a task starts and sets `SST_RESOURCE_<Name>`, so the app reads it as
 * before. Under `sst dev` the secrets are linked (the dev processes get them from SST directly).
 */
function createParameters() {
  return Object.fromEntries(
    Object.entries(appSecrets).map(([name, secret]) => [
      name,
      new aws.ssm.Parameter(`${name}Parameter`, {
        name: `/finchat/${stage.name}/${name}`,
        type: "SecureString",
        value: $jsonStringify({ value: secret.value }),
      }),
    ]),
  );
}

export const secretParameters = $dev ? undefined : createParameters();

/** The secret part of a service's arguments: `link` under `sst dev`, `ssm` references otherwise. */
export function secretArgs(): { link: sst.Secret[]; ssm?: Record<string, $util.Input<string>> } {
  if (!secretParameters) return { link: Object.values(appSecrets) };
  return {
    link: [],
    ssm: Object.fromEntries(
      Object.entries(secretParameters).map(([name, parameter]) => [`SST_RESOURCE_${name}`, parameter.arn]),
    ),
  };
}

/**
 * An execution-role transform: the role may read this stage's secret parameters and nothing else
 * (SST's default allows every parameter and secret in the account).
 */
export function readOwnSecretsOnly(args: aws.iam.RoleArgs) {
  if (!secretParameters) return undefined;
  const arns = Object.values(secretParameters).map((parameter) => parameter.arn);
  args.inlinePolicies = [
    {
      name: "inline",
      policy: $jsonStringify({
        Version: "2012-10-17",
        Statement: [
          { Sid: "ReadOwnSecrets", Effect: "Allow", Action: ["ssm:GetParameters"], Resource: arns },
        ],
      }),
    },
  ];
  return undefined;
}
