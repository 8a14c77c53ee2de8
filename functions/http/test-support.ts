import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createChatModel, DEFAULT_LIMITS, type Tool, ToolRegistry } from "@finchat/core/agent";
import { financeTools } from "@finchat/core/agent/tools/finance/index";
import { chatRunQueue } from "@finchat/core/chat/jobs";
import { type Env, loadConfig } from "@finchat/core/config";
import { testDatabaseUrl } from "@finchat/core/db/test-database";
import { createLogger } from "@finchat/core/observability/logger";
import { consume } from "@finchat/jobs";
import { inject } from "vitest";
import { chatRunHandler } from "../jobs/chat-run.ts";
import { createApp } from "./app.ts";
import { openApiDeps } from "./deps.ts";

/**
 * The real Api app over a fresh libSQL file, the test run's redis-server and embedded S3. Each
 * instance uses its own key prefix for rate limits so parallel files never share counters.
 */
export async function createTestApi(env: Partial<Env> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "finchat-api-"));
  const database = await testDatabaseUrl(dir, { authToken: "test-database-token", migrated: true });
  const s3env = inject("s3");
  const config = loadConfig({
    DATABASE_URL: database.url,
    DATABASE_AUTH_TOKEN: database.authToken,
    REDIS_URL: inject("redisUrl"),
    S3_ENDPOINT: s3env.endpoint,
    S3_BUCKET: s3env.bucket,
    AWS_ACCESS_KEY_ID: s3env.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3env.secretAccessKey,
    LOG_LEVEL: "silent",
    QUEUE_PREFIX: `test-${dir.slice(-6).toLowerCase()}`,
    // Cheaper hashes keep the suite fast (production: 17); every file signs many users up.
    PASSWORD_SCRYPT_LOG2N: "14",
    SIGNUP_MAX_PER_IP: "1000",
    USER_MAX_MESSAGES: "1000",
    USER_MAX_DOCS_RUNS: "1000",
    USER_MAX_TOKEN_CREATES: "1000",
    USER_MAX_EXPORTS: "1000",
    ...(env as Record<string, string>),
  });
  const { deps, close: closeDeps } = await openApiDeps(
    config,
    createLogger({ level: process.env.TEST_LOG_LEVEL ?? "silent", service: "test" }),
    {
      redis: { enableOfflineQueue: true },
      loginKeyPrefix: `login-test-${dir.slice(-6)}`,
    },
  );
  const app = createApp(deps);

  let counter = 0;
  /** Signs a new user up, then in, and returns headers that act as that user from a browser. */
  const signUp = async (overrides: { email?: string; name?: string; password?: string } = {}) => {
    counter += 1;
    const email = overrides.email ?? `person${counter}@example.com`;
    const password = overrides.password ?? "correct horse battery";
    const headers = { "content-type": "application/json" };
    const res = await app.request("/api/auth/signup", {
      method: "POST",
      headers,
      body: JSON.stringify({ email, password, name: overrides.name ?? `Person ${counter}` }),
    });
    if (res.status !== 202) throw new Error(`signup failed: ${res.status} ${await res.text()}`);
    const login = await app.request("/api/auth/login", {
      method: "POST",
      headers,
      body: JSON.stringify({ email, password }),
    });
    if (login.status !== 200)
      throw new Error(`login after signup failed: ${login.status} ${await login.text()}`);
    const { user } = (await login.json()) as { user: { id: string; role: string } };
    const cookie = sessionCookieOf(login);
    const me = await app.request("/api/me", { headers: { cookie } });
    const { csrfToken } = (await me.json()) as { csrfToken: string };
    return {
      user,
      email,
      password,
      cookie,
      csrfToken,
      /** Headers for a JSON request from this user's browser session. */
      headers: { cookie, "x-csrf-token": csrfToken, "content-type": "application/json" },
    };
  };

  const close = async () => {
    await closeDeps();
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { app, deps, signUp, close, database };
}

export function sessionCookieOf(res: Response): string {
  const setCookie = res.headers.get("set-cookie") ?? "";
  const match = setCookie.match(/finchat_session=([^;]+)/);
  if (!match) throw new Error(`no session cookie in: ${setCookie}`);
  return `finchat_session=${match[1]}`;
}

export async function errorOf(res: Response): Promise<{ code: string; message: string; requestId: string }> {
  const body = (await res.json()) as { error: { code: string; message: string; requestId: string } };
  return body.error;
}

/**
 * A chat-run consumer in this process, bound to the test Api's queues, database and Redis: the
 * same handler the Worker runs. `tools` adds tools (e.g. a write tool) to the finance set.
 */
export function startTestWorker(api: Awaited<ReturnType<typeof createTestApi>>, tools: Tool[] = []) {
  const { config, db, redis, logger, metrics } = api.deps;
  const deps = {
    db,
    redis,
    model: createChatModel(config.openai),
    registry: new ToolRegistry([...financeTools, ...tools]),
    limits: { ...DEFAULT_LIMITS, ...config.agent },
    logger,
    metrics,
  };
  return consume(chatRunQueue, chatRunHandler(deps, 3), {
    connection: config.redis.url,
    prefix: config.queue.prefix,
    batchSize: 1,
    concurrency: 4,
    visibilityTimeoutMs: 5000,
    logger,
  });
}
