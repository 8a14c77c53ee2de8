import { z } from "zod";

/**
 * Resources that SST links to a container (sst.config.ts, stacks/) arrive as one variable per
 * link, `SST_RESOURCE_<Name>`, holding the link's properties as JSON (plus a `type`), and
 * `SST_RESOURCE_App` with `{ name, stage }`. This module turns them into the variables that
 * config.ts reads, so the app has one way in for configuration whether SST runs it or not.
 */

const prefix = "SST_RESOURCE_";

/** Link names of sst.Secret values (`{ value }`) and the variable each one sets. */
export const linkedSecretVariables = {
  OpenaiApiKey: "OPENAI_API_KEY",
  GithubToken: "GITHUB_TOKEN",
  GithubAllow: "GITHUB_ALLOW",
  JiraHost: "JIRA_HOST",
  JiraEmail: "JIRA_EMAIL",
  JiraApiToken: "JIRA_API_TOKEN",
  JiraProjects: "JIRA_PROJECTS",
  DatabaseAuthToken: "DATABASE_AUTH_TOKEN",
} as const;

/** Link names of the other resources the app reads, as the stacks name them. */
export const linkedResourceNames = {
  redis: "Redis",
  bucket: "Blobs",
  database: "Database",
  app: "App",
} as const;

const redisLink = z.object({
  host: z.string().min(1),
  port: z.coerce.number().int().min(1).max(65535),
  username: z.string().optional(),
  password: z.string().optional(),
});
const bucketLink = z.object({ name: z.string().min(1) });
const databaseLink = z.object({ url: z.string().min(1) });
const appLink = z.object({ stage: z.string().min(1) });
const secretLink = z.object({ value: z.string() });

/**
 * Maps SST's linked-resource variables in `env` onto Finchat's variable names (REDIS_URL,
 * S3_BUCKET, DATABASE_URL, STAGE, OPENAI_API_KEY, ...). Returns `{}` when nothing is linked. A
 * secret linked with an empty value sets nothing. A malformed link variable throws an error
 * naming the variable (never its value): the deployment is broken and start-up must stop.
 */
export function linkedEnv(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  const redis = readLink(env, linkedResourceNames.redis, redisLink);
  if (redis) out.REDIS_URL = redisUrl(redis);
  const bucket = readLink(env, linkedResourceNames.bucket, bucketLink);
  if (bucket) out.S3_BUCKET = bucket.name;
  const database = readLink(env, linkedResourceNames.database, databaseLink);
  if (database) out.DATABASE_URL = database.url;
  const app = readLink(env, linkedResourceNames.app, appLink);
  if (app) out.STAGE = app.stage;
  for (const [link, variable] of Object.entries(linkedSecretVariables)) {
    const secret = readLink(env, link, secretLink);
    if (secret && secret.value !== "") out[variable] = secret.value;
  }
  return out;
}

function readLink<T>(
  env: Record<string, string | undefined>,
  name: string,
  schema: z.ZodType<T>,
): T | undefined {
  const variable = `${prefix}${name}`;
  const raw = env[variable];
  if (raw === undefined || raw === "") return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error(`${variable} is not valid JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join(".") || "(root)").join(", ");
    throw new Error(`${variable} lacks the expected fields: ${fields}`);
  }
  return parsed.data;
}

/**
 * ElastiCache only accepts TLS, so a remote host gets `rediss://`; a loopback host is the local
 * redis-server that `sst dev` links to. Credentials are percent-encoded: the generated token
 * contains characters such as `#` and `&`.
 */
function redisUrl(link: z.output<typeof redisLink>): string {
  const { host, port, username, password } = link;
  const loopback = host === "localhost" || host.startsWith("127.") || host === "::1";
  const auth = password
    ? `${encodeURIComponent(username || "default")}:${encodeURIComponent(password)}@`
    : "";
  const hostPart = host.includes(":") ? `[${host}]` : host;
  return `${loopback ? "redis" : "rediss"}://${auth}${hostPart}:${port}`;
}
