import { z } from "zod";
import { linkedEnv } from "./linked-resources.ts";

/**
 * The one reader of the environment. Every setting is parsed once at start-up; a missing or
 * malformed value stops the process with a message naming the variable. Everything else in the
 * code base receives the typed {@link Config}.
 */

const csv = z
  .string()
  .default("")
  .transform((s) =>
    s
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean),
  );

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const positiveInt = z.coerce.number().int().positive();

/** `name=path` pairs, comma-separated: the local git checkouts the workers may read. */
const localRepos = z
  .string()
  .default("")
  .transform((s, ctx) => {
    const out: Record<string, string> = {};
    for (const pair of s
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean)) {
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const path = pair.slice(eq + 1).trim();
      if (eq <= 0 || !path || !/^[A-Za-z0-9._-]+$/.test(name)) {
        ctx.addIssue({ code: "custom", message: `expected name=path pairs, got "${pair}"` });
        return z.NEVER;
      }
      out[name] = path;
    }
    return out;
  });

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  STAGE: z.string().min(1).default("local"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  PUBLIC_URL: z.url().optional(),
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),

  DATABASE_URL: z
    .string()
    .regex(/^(file:|libsql:|https?:|wss?:)/, "must start with file:, libsql:, http(s): or ws(s):")
    .default("file:.data/finchat.db"),
  DATABASE_AUTH_TOKEN: z.string().optional(),
  DATABASE_CONCURRENCY: positiveInt.max(1000).default(20),

  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL")
    .default("redis://127.0.0.1:6379"),

  S3_ENDPOINT: z.url().optional(),
  S3_BUCKET: z.string().min(3).default("finchat-local"),
  S3_FORCE_PATH_STYLE: bool.optional(),
  AWS_REGION: z.string().min(1).default("us-east-1"),
  AWS_ACCESS_KEY_ID: z.string().optional(),
  AWS_SECRET_ACCESS_KEY: z.string().optional(),

  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.url().optional(),
  OPENAI_MODEL: z.string().min(1).default("gpt-4.1-mini"),
  AGENT_MAX_STEPS: positiveInt.max(50).default(8),
  AGENT_CONTEXT_TOKENS: positiveInt.default(96_000),
  DAILY_TOKEN_BUDGET: positiveInt.default(2_000_000),
  AGENT_MAX_OUTPUT_TOKENS: positiveInt.max(200_000).default(4096),
  // A turn is mostly a wait on the model, so a Worker runs many; admission holds new turns back
  // while its event loop lags, its heap is nearly full or the model provider answered 429.
  CHAT_CONCURRENCY: positiveInt.max(1000).default(256),
  CHAT_ADMISSION_LOOP_DELAY_MS: positiveInt.max(10_000).default(100),
  CHAT_ADMISSION_HEAP_PERCENT: positiveInt.min(10).max(100).default(85),
  CHAT_ADMISSION_RATE_LIMIT_PAUSE_MS: z.coerce.number().int().min(0).max(600_000).default(5000),
  CHAT_VISIBILITY_TIMEOUT_MS: positiveInt.min(1000).max(3_600_000).default(30_000),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/, "lowercase letters, digits and dashes")
    .default("finchat"),

  GITHUB_TOKEN: z.string().optional(),
  GITHUB_API_URL: z.url().default("https://api.github.com"),
  GITHUB_ALLOW: csv,
  GITHUB_WRITES: bool.default(false),

  JIRA_HOST: z.url().optional(),
  JIRA_EMAIL: z.string().optional(),
  JIRA_API_TOKEN: z.string().optional(),
  JIRA_PROJECTS: csv,
  JIRA_SYNC_INTERVAL_MINUTES: positiveInt.max(24 * 60).default(15),

  LOCAL_REPOS: localRepos,
  EMBEDDING_MODEL: z.string().min(1).optional(),
  DOCS_MAX_FILE_BYTES: positiveInt.max(10 * 1024 * 1024).default(256 * 1024),
  DOCS_TOKEN_BUDGET: positiveInt.default(400_000),
  DOCS_VISIBILITY_TIMEOUT_MS: positiveInt.min(1000).max(3_600_000).default(120_000),

  SIGNUP: z.enum(["open", "invite", "closed"]).default("open"),
  SESSION_TTL_HOURS: positiveInt.default(24 * 7),
  COOKIE_SECURE: bool.optional(),
  BODY_LIMIT_BYTES: positiveInt.default(1024 * 1024),
  LOGIN_MAX_PER_ACCOUNT: positiveInt.default(10),
  LOGIN_MAX_PER_IP: positiveInt.default(50),
  LOGIN_WINDOW_SECONDS: positiveInt.default(15 * 60),
  SIGNUP_MAX_PER_IP: positiveInt.default(10),
  SIGNUP_WINDOW_SECONDS: positiveInt.default(60 * 60),
  PASSWORD_SCRYPT_LOG2N: z.coerce.number().int().min(14).max(20).default(17),
  USER_LIMIT_WINDOW_SECONDS: positiveInt.max(24 * 3600).default(60),
  USER_MAX_MESSAGES: positiveInt.default(20),
  USER_MAX_DOCS_RUNS: positiveInt.default(5),
  USER_MAX_TOKEN_CREATES: positiveInt.default(10),
  USER_MAX_EXPORTS: positiveInt.default(10),
  SHUTDOWN_TIMEOUT_MS: positiveInt.default(10_000),

  METRICS_ENABLED: bool.default(false),
  METRICS_FLUSH_INTERVAL_MS: positiveInt.min(1000).max(300_000).default(60_000),
  METRICS_MAX_SERIES: positiveInt.min(100).max(1_000_000).default(20_000),
  BACKUP_INTERVAL_HOURS: positiveInt.max(24 * 7).default(6),
  BACKUP_KEEP: positiveInt.max(1000).default(28),
  RECONCILE_GRACE_MS: z.coerce.number().int().min(0).max(3_600_000).default(120_000),
});

export type Env = z.input<typeof envSchema>;

/** Every environment variable Finchat reads. */
export const settingNames = Object.keys(envSchema.shape) as (keyof Env)[];

function toConfig(e: z.output<typeof envSchema>) {
  const production = e.NODE_ENV === "production";
  return {
    env: e.NODE_ENV,
    stage: e.STAGE,
    production,
    http: {
      port: e.PORT,
      host: e.HOST,
      publicUrl: e.PUBLIC_URL,
      // Proxies in front of the Api that append to X-Forwarded-For (ALB = 1, CloudFront + ALB = 2);
      // the client address is the entry that many places from the end.
      trustedProxyHops: e.TRUSTED_PROXY_HOPS,
      bodyLimitBytes: e.BODY_LIMIT_BYTES,
      shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    },
    log: { level: e.LOG_LEVEL },
    // Requests a process keeps in flight to a remote server (@libsql/client's `concurrency`).
    db: { url: e.DATABASE_URL, authToken: e.DATABASE_AUTH_TOKEN, concurrency: e.DATABASE_CONCURRENCY },
    redis: { url: e.REDIS_URL },
    s3: {
      endpoint: e.S3_ENDPOINT,
      bucket: e.S3_BUCKET,
      region: e.AWS_REGION,
      // MinIO, R2 and the embedded local server need path-style addressing.
      forcePathStyle: e.S3_FORCE_PATH_STYLE ?? e.S3_ENDPOINT !== undefined,
      credentials:
        e.AWS_ACCESS_KEY_ID && e.AWS_SECRET_ACCESS_KEY
          ? { accessKeyId: e.AWS_ACCESS_KEY_ID, secretAccessKey: e.AWS_SECRET_ACCESS_KEY }
          : undefined,
    },
    openai: { apiKey: e.OPENAI_API_KEY, baseUrl: e.OPENAI_BASE_URL, model: e.OPENAI_MODEL },
    agent: {
      maxSteps: e.AGENT_MAX_STEPS,
      contextTokens: e.AGENT_CONTEXT_TOKENS,
      dailyTokenBudget: e.DAILY_TOKEN_BUDGET,
      maxOutputTokens: e.AGENT_MAX_OUTPUT_TOKENS,
    },
    worker: {
      chatConcurrency: e.CHAT_CONCURRENCY,
      /** When a Worker stops taking new chat turns (it keeps running the ones it has). */
      chatAdmission: {
        /** p99 event-loop delay over the last second (ms) above which new turns wait. */
        maxLoopDelayMs: e.CHAT_ADMISSION_LOOP_DELAY_MS,
        /** Heap in use, as a percentage of V8's heap limit, above which new turns wait. */
        maxHeapPercent: e.CHAT_ADMISSION_HEAP_PERCENT,
        /** How long new turns wait after the model provider answered 429 (its retry-after when longer). */
        rateLimitPauseMs: e.CHAT_ADMISSION_RATE_LIMIT_PAUSE_MS,
      },
      // How long a dead worker's chat run stays invisible before another worker takes it over.
      chatVisibilityTimeoutMs: e.CHAT_VISIBILITY_TIMEOUT_MS,
      // The same for a documentation run: it resumes from the pages the dead worker recorded.
      docsVisibilityTimeoutMs: e.DOCS_VISIBILITY_TIMEOUT_MS,
    },
    /** Redis key prefix of the job queues; stages sharing one Redis need different ones. */
    queue: { prefix: e.QUEUE_PREFIX },
    github: {
      token: e.GITHUB_TOKEN,
      apiUrl: e.GITHUB_API_URL,
      allow: e.GITHUB_ALLOW,
      writes: e.GITHUB_WRITES,
    },
    jira: {
      host: e.JIRA_HOST,
      email: e.JIRA_EMAIL,
      apiToken: e.JIRA_API_TOKEN,
      projects: e.JIRA_PROJECTS,
    },
    localRepos: e.LOCAL_REPOS,
    /** How often the allowed Jira projects' issues are brought into the search index. */
    search: { jiraSyncIntervalMs: e.JIRA_SYNC_INTERVAL_MINUTES * 60_000 },
    /** Repository reading, indexing and documentation generation. */
    docs: {
      /** Files larger than this are skipped (and listed as skipped). */
      maxFileBytes: e.DOCS_MAX_FILE_BYTES,
      /** Model tokens one documentation run may spend; past it, pages fall back to the skeleton. */
      tokenBudget: e.DOCS_TOKEN_BUDGET,
      /** Embedding model for vector search (same OpenAI-compatible server); unset = full-text only. */
      embeddingModel: e.EMBEDDING_MODEL,
    },
    /** CloudWatch metrics as EMF log lines on stdout; off unless enabled (the deployed stacks enable them). */
    metrics: {
      enabled: e.METRICS_ENABLED,
      flushIntervalMs: e.METRICS_FLUSH_INTERVAL_MS,
      /** Distinct metric series (name and dimensions) held in one interval; beyond, samples are dropped. */
      maxSeries: e.METRICS_MAX_SERIES,
    },
    /** Database snapshots to S3 `backups/`: one per interval slot, the newest `keep` kept. */
    backup: { intervalMs: e.BACKUP_INTERVAL_HOURS * 3_600_000, keep: e.BACKUP_KEEP },
    /** Unfinished runs changed more recently than this are left to the Api that may still send them. */
    reconcile: { graceMs: e.RECONCILE_GRACE_MS },
    auth: {
      signup: e.SIGNUP,
      sessionTtlSeconds: e.SESSION_TTL_HOURS * 3600,
      cookieSecure: e.COOKIE_SECURE ?? production,
      loginMaxPerAccount: e.LOGIN_MAX_PER_ACCOUNT,
      loginMaxPerIp: e.LOGIN_MAX_PER_IP,
      loginWindowSeconds: e.LOGIN_WINDOW_SECONDS,
      signupMaxPerIp: e.SIGNUP_MAX_PER_IP,
      signupWindowSeconds: e.SIGNUP_WINDOW_SECONDS,
      /** scrypt cost for new hashes (2^N, r=8, p=1); older hashes are redone at their next sign-in. */
      scryptLog2N: e.PASSWORD_SCRYPT_LOG2N,
    },
    /** Requests per user per window on the routes that spend model tokens or Worker time. */
    userLimits: {
      windowSeconds: e.USER_LIMIT_WINDOW_SECONDS,
      messages: e.USER_MAX_MESSAGES,
      docsRuns: e.USER_MAX_DOCS_RUNS,
      tokenCreates: e.USER_MAX_TOKEN_CREATES,
      exports: e.USER_MAX_EXPORTS,
    },
  };
}

export type Config = ReturnType<typeof toConfig>;

/** Thrown when the environment does not parse; the message names every bad variable. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Parses the environment into a {@link Config}. Pass an explicit record in tests; the default is
 * the process environment. Values are never echoed back, so a secret cannot leak into a log.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Explicit settings win over resources SST links in; empty values count as unset.
  const explicit = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const cleaned = { ...linkedEnv(env), ...explicit };
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return toConfig(parsed.data);
}
