import { regions } from "./regions.ts";
import { stage } from "./stage.ts";

/**
 * Recovery point one hour or better, and a copy in another region (docs/operations.md,
 * "Recovering a deployed stage"):
 * - the database's EFS file system: an AWS Backup plan takes a recovery point every hour, keeps
 *   it 35 days and copies it to a vault in the backup region;
 * - the bucket (versioned): S3 replication to a versioned bucket in the backup region, with
 *   Replication Time Control (99.99% of objects within 15 minutes) and its metrics.
 * Production and canary only; other stages keep AWS Backup's daily default.
 */

/** Every hour on the hour (UTC). */
export const hourly = "cron(0 * * * ? *)";
export const keepRecoveryPointsDays = 35;

function createRecovery(efsArn: $util.Input<string>, bucket: sst.aws.Bucket) {
  const backupRegion = new aws.Provider("BackupRegion", { region: regions.backup });
  const vault = new aws.backup.Vault("DatabaseVault", { name: `finchat-${stage.name}` });
  const copyVault = new aws.backup.Vault(
    "DatabaseCopyVault",
    { name: `finchat-${stage.name}-copy` },
    { provider: backupRegion },
  );
  const plan = new aws.backup.Plan("DatabaseBackupPlan", {
    name: `finchat-${stage.name}-database`,
    rules: [
      {
        ruleName: "hourly",
        targetVaultName: vault.name,
        schedule: hourly,
        startWindow: 60,
        completionWindow: 120,
        lifecycle: { deleteAfter: keepRecoveryPointsDays },
        copyActions: [
          { destinationVaultArn: copyVault.arn, lifecycle: { deleteAfter: keepRecoveryPointsDays } },
        ],
      },
    ],
  });
  const backupRole = new aws.iam.Role("DatabaseBackupRole", {
    assumeRolePolicy: $jsonStringify({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { Service: "backup.amazonaws.com" }, Action: "sts:AssumeRole" },
      ],
    }),
    managedPolicyArns: [
      "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
      "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
    ],
  });
  new aws.backup.Selection("DatabaseBackupSelection", {
    name: `finchat-${stage.name}-database`,
    planId: plan.id,
    iamRoleArn: backupRole.arn,
    resources: [efsArn],
  });

  const replica = new aws.s3.BucketV2("BlobsReplica", { forceDestroy: false }, { provider: backupRegion });
  new aws.s3.BucketVersioningV2(
    "BlobsReplicaVersioning",
    { bucket: replica.id, versioningConfiguration: { status: "Enabled" } },
    { provider: backupRegion },
  );
  new aws.s3.BucketPublicAccessBlock(
    "BlobsReplicaPublicAccess",
    {
      bucket: replica.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    },
    { provider: backupRegion },
  );
  const replicationRole = new aws.iam.Role("BlobsReplicationRole", {
    assumeRolePolicy: $jsonStringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
    inlinePolicies: [
      {
        name: "replicate",
        policy: $jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
              Resource: [bucket.arn],
            },
            {
              Effect: "Allow",
              Action: [
                "s3:GetObjectVersionForReplication",
                "s3:GetObjectVersionAcl",
                "s3:GetObjectVersionTagging",
              ],
              Resource: [$interpolate`${bucket.arn}/*`],
            },
            {
              Effect: "Allow",
              Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
              Resource: [$interpolate`${replica.arn}/*`],
            },
          ],
        }),
      },
    ],
  });
  const replication = new aws.s3.BucketReplicationConfig("BlobsReplication", {
    bucket: bucket.name,
    role: replicationRole.arn,
    rules: [
      {
        id: "everything-to-backup-region",
        status: "Enabled",
        priority: 1,
        filter: {},
        deleteMarkerReplication: { status: "Enabled" },
        destination: {
          bucket: replica.arn,
          storageClass: "STANDARD_IA",
          replicationTime: { status: "Enabled", time: { minutes: 15 } },
          metrics: { status: "Enabled", eventThreshold: { minutes: 15 } },
        },
      },
    ],
  });
  return { vault, copyVault, plan, replica, replication };
}

export function recoveryFor(efsArn: $util.Input<string> | undefined, bucket: sst.aws.Bucket) {
  return efsArn && stage.productionLike ? createRecovery(efsArn, bucket) : undefined;
}
