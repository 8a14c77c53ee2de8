import { devPorts } from "./dev.ts";
import { logGroupName } from "./fargate.ts";
import { cluster, vpc } from "./network.ts";
import { databaseAuthPublicKey } from "./secrets.ts";
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

export const sqldPort = 8080;
const sqldDataDir = "/var/lib/sqld";

/**
 * libSQL for several tasks: one sqld (libSQL server) task whose data directory lives on EFS,
 * reached over the VPC through Cloud Map. See docs/adr/0001-libsql-in-production.md for why, and
 * for its durability. Under `sst dev` nothing is deployed and the app uses its local file.
 */
function createDatabaseServer() {
  const files = new sst.aws.Efs("DatabaseFiles", { vpc });
  new aws.efs.BackupPolicy("DatabaseFilesBackup", {
    fileSystemId: files.id,
    backupPolicy: { status: "ENABLED" },
  });
  return new sst.aws.Service("DatabaseServer", {
    cluster,
    image: "ghcr.io/tursodatabase/libsql-server:v0.24.32",
    cpu: "0.5 vCPU",
    memory: "1 GB",
    volumes: [{ efs: files, path: sqldDataDir }],
    environment: {
      SQLD_NODE: "primary",
      SQLD_DB_PATH: `${sqldDataDir}/finchat.sqld`,
      SQLD_HTTP_LISTEN_ADDR: `0.0.0.0:${sqldPort}`,
      SQLD_AUTH_JWT_KEY: databaseAuthPublicKey.value,
    },
    scaling: { min: 1, max: 1 },
    logging: { name: logGroupName(stage.name, "database"), retention: stage.logRetention },
    transform: {
      // Exactly one writer on the data directory: stop the old task before starting the new one.
      service: {
        deploymentMinimumHealthyPercent: 0,
        deploymentMaximumPercent: 100,
        deploymentCircuitBreaker: { enable: true, rollback: true },
      },
    },
  });
}

export const databaseServer = $dev ? undefined : createDatabaseServer();

/** What the app links to: `{ url }`, read by packages/core/src/linked-resources.ts. */
export const database = new sst.Linkable("Database", {
  properties: {
    url: databaseServer
      ? $interpolate`http://${databaseServer.service}:${sqldPort}`
      : "file:.data/finchat.db",
  },
});
