import { devPorts } from "./dev.ts";
import { logGroupName } from "./fargate.ts";
import { cluster, vpc } from "./network.ts";
import { recoveryFor } from "./recovery.ts";
import { databaseAuthPublicKey } from "./secrets.ts";
import { sqldHealthCommand, sqldImageReference, sqldPort } from "./sqld-image.ts";
import { stage } from "./stage.ts";

/**
 * BullMQ needs every key of a queue on one node and must never lose a job to eviction: no
 * cluster mode, `noeviction`. Production adds a replica with automatic failover and daily
 * snapshots. Under `sst dev` the link points at the redis-server that stacks/dev.ts starts.
 */
export const redis = new sst.aws.Redis("Redis", {
  vpc,
  cluster: false,
  instance: stage.redis.instance,
  parameters: { "maxmemory-policy": "noeviction" },
  dev: { host: "127.0.0.1", port: devPorts.redis },
  transform: {
    cluster: stage.redis.replicas
      ? {
          numCacheClusters: 2,
          automaticFailoverEnabled: true,
          multiAzEnabled: true,
          snapshotRetentionLimit: 7,
        }
      : {},
  },
});

/** Documentation sets, exports and backups. Versioned, so an overwrite or delete can be undone. */
export const bucket = new sst.aws.Bucket("Blobs", { versioning: true });

// The component only writes a lifecycle configuration when given `lifecycle` rules, and those
// cannot express noncurrent versions; this is the bucket's one lifecycle configuration.
export const bucketLifecycle = new aws.s3.BucketLifecycleConfiguration("BlobsLifecycle", {
  bucket: bucket.name,
  rules: [
    {
      id: "expire-old-versions",
      status: "Enabled",
      filter: {},
      noncurrentVersionExpiration: { noncurrentDays: stage.keepOldVersionsDays },
      expiration: { expiredObjectDeleteMarker: true },
      abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
    },
  ],
});

const sqldDataDir = "/var/lib/sqld";

/**
 * libSQL for several tasks: one sqld (libSQL server) task whose data directory lives on EFS,
 * reached over the VPC through Cloud Map. See docs/adr/0001-libsql-in-production.md for why, and
 * for its durability. Under `sst dev` nothing is deployed and the app uses its local file.
 *
 * - The image is built from stacks/sqld/Dockerfile into the account's registry (ECR).
 * - ECS checks `GET /health` in the container and replaces a task that stops answering; the
 *   `DatabaseServerDown` alarm (stacks/monitoring.ts) fires when no task runs.
 * - The deploy waits until it is healthy (`wait`), and the Api and the Worker are deployed after
 *   it (stacks/api.ts, stacks/worker.ts); at start-up they also wait for it
 *   (packages/core/src/db/wait.ts).
 * - Exactly one writer on the data directory: a deploy stops the old task before starting the
 *   new one (minimum healthy 0%), so a deploy of sqld is a short database outage (about 30 s)
 *   that the app rides out: its liveness does not depend on the database (stacks/health.ts).
 */
function createDatabaseServer() {
  const files = new sst.aws.Efs("DatabaseFiles", { vpc });
  // AWS Backup's daily default where the hourly plan (stacks/recovery.ts) does not apply.
  new aws.efs.BackupPolicy("DatabaseFilesBackup", {
    fileSystemId: files.id,
    backupPolicy: { status: stage.productionLike ? "DISABLED" : "ENABLED" },
  });
  const service = new sst.aws.Service("DatabaseServer", {
    cluster,
    image: { context: "stacks/sqld", args: { SQLD_IMAGE: sqldImageReference() } },
    cpu: "0.5 vCPU",
    memory: "1 GB",
    volumes: [{ efs: files, path: sqldDataDir }],
    environment: {
      SQLD_NODE: "primary",
      SQLD_DB_PATH: `${sqldDataDir}/finchat.sqld`,
      SQLD_HTTP_LISTEN_ADDR: `0.0.0.0:${sqldPort}`,
      SQLD_AUTH_JWT_KEY: databaseAuthPublicKey.value,
    },
    health: {
      command: sqldHealthCommand(sqldPort),
      startPeriod: "30 seconds",
      interval: "10 seconds",
      timeout: "5 seconds",
      retries: 3,
    },
    scaling: { min: 1, max: 1 },
    logging: { name: logGroupName(stage.name, "database"), retention: stage.logRetention },
    wait: true,
    transform: {
      // Exactly one writer on the data directory: stop the old task before starting the new one.
      service: {
        deploymentMinimumHealthyPercent: 0,
        deploymentMaximumPercent: 100,
        deploymentCircuitBreaker: { enable: true, rollback: true },
      },
    },
  });
  return { files, service };
}

const database_ = $dev ? undefined : createDatabaseServer();
export const databaseServer = database_?.service;
/** Hourly recovery points and cross-region copies (stacks/recovery.ts). */
export const recovery = recoveryFor(database_?.files.nodes.fileSystem.arn, bucket);

/** What the app links to: `{ url }`, read by packages/core/src/linked-resources.ts. */
export const database = new sst.Linkable("Database", {
  properties: {
    url: databaseServer
      ? $interpolate`http://${databaseServer.service}:${sqldPort}`
      : "file:.data/finchat.db",
  },
});
