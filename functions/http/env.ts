import type { LoginLimiter } from "@finchat/core/auth/login-limiter";
import type { Config } from "@finchat/core/config";
import type { TokenScope } from "@finchat/core/db/tokens";
import type { User } from "@finchat/core/db/users";
import type { GitHubClient } from "@finchat/core/github/client";
import type { Logger } from "@finchat/core/observability/logger";
import type { MetricsPublisher } from "@finchat/core/observability/metrics";
import type { Redis } from "@finchat/core/redis";
import type { ReaderPool } from "@finchat/core/runs/reader-pool";
import type { BlobStore } from "@finchat/core/storage/blob-store";
import type { JobProducer, QueueAdmin } from "@finchat/jobs";
import type { Client } from "@libsql/client";

/** Everything the Api's handlers need, built once at start-up and passed in. */
export interface ApiDeps {
  config: Config;
  db: Client;
  redis: Redis;
  /** Blocking connections for following run event streams. */
  readers: ReaderPool;
  blobs: BlobStore;
  logger: Logger;
  /** CloudWatch metrics (records nothing unless METRICS_ENABLED). */
  metrics: MetricsPublisher;
  loginLimiter: LoginLimiter;
  /** Sends jobs to the workers; fails fast when Redis is down. */
  producer: JobProducer;
  queueAdmin: QueueAdmin;
  /** When GITHUB_TOKEN is set: the capitalisation report's evidence per epic (the Worker's tools have their own). */
  github?: GitHubClient;
  lifecycle: {
    /** Flipped when the process starts draining; readiness then answers 503. */
    draining: boolean;
    /** Stops for open event streams, so a drain can close them. */
    streams: Set<() => void>;
  };
}

/** How the caller proved who they are. */
export type Identity =
  | { kind: "session"; sessionId: string; csrfToken: string; user: User }
  | { kind: "token"; scope: TokenScope; user: User };

export interface AppEnv {
  Variables: {
    requestId: string;
    log: Logger;
    identity: Identity | null;
  };
}

/** The Hono env of a route that has passed `requireUser`. */
export interface AuthedEnv {
  Variables: AppEnv["Variables"] & { identity: Identity; user: User };
}
