import { describe, expect, it } from "vitest";
import { regions } from "./regions.ts";
import { plain } from "./stand-ins.ts";
import { type Args, all, canary, deploy, one, production } from "./test-deploy.ts";

/** Minutes between runs of an AWS cron expression whose minute is fixed: hours × 60. */
function cronPeriodMinutes(expression: string): number {
  const [minute, hour] = expression.replace(/^cron\(|\)$/g, "").split(" ");
  expect(minute).toMatch(/^\d+$/);
  if (hour === "*") return 60;
  const step = hour?.match(/^\*\/(\d+)$/)?.[1] ?? hour?.match(/^\d+\/(\d+)$/)?.[1];
  return step ? Number(step) * 60 : 24 * 60;
}

describe("recovery", () => {
  it("pins the stage's region", async () => {
    const { app } = await production();
    expect(app.providers).toEqual({ aws: { region: regions.primary } });
    expect(regions.backup).not.toBe(regions.primary);
  });

  it("takes a database recovery point at least every hour and copies it to the backup region", async () => {
    for (const run of [production, canary]) {
      const { recording } = await run();
      const plan = plain<Args>(one(recording, "aws.backup.Plan", "DatabaseBackupPlan").args);
      expect(plan.rules).toHaveLength(1);
      const [rule] = plan.rules;
      expect(cronPeriodMinutes(rule.schedule)).toBeLessThanOrEqual(60);
      // A run that starts late or runs long must still land within the hour.
      expect(rule.startWindow).toBeLessThanOrEqual(60);
      expect(rule.targetVaultName).toBe("<DatabaseVault.name>");
      expect(rule.copyActions).toEqual([
        { destinationVaultArn: "<DatabaseCopyVault.arn>", lifecycle: { deleteAfter: 35 } },
      ]);
      const copyVault = one(recording, "aws.backup.Vault", "DatabaseCopyVault");
      expect(plain(copyVault.opts)).toEqual({ provider: "<BackupRegion>" });
      expect(plain<Args>(one(recording, "aws.Provider", "BackupRegion").args)).toEqual({
        region: regions.backup,
      });
      expect(one(recording, "aws.backup.Vault", "DatabaseVault").opts).toBeUndefined();
      const selection = plain<Args>(one(recording, "aws.backup.Selection", "DatabaseBackupSelection").args);
      expect(selection).toMatchObject({
        planId: "<DatabaseBackupPlan.id>",
        iamRoleArn: "<DatabaseBackupRole.arn>",
        resources: ["<DatabaseFiles.nodes.fileSystem.arn>"],
      });
      const role = plain<Args>(one(recording, "aws.iam.Role", "DatabaseBackupRole").args);
      expect(JSON.parse(role.assumeRolePolicy).Statement[0].Principal).toEqual({
        Service: "backup.amazonaws.com",
      });
      expect(role.managedPolicyArns).toContain(
        "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
      );
    }
  });

  it("replicates every object version and deletion to a versioned bucket in the backup region within 15 minutes", async () => {
    const { recording } = await production();
    const config = plain<Args>(one(recording, "aws.s3.BucketReplicationConfig", "BlobsReplication").args);
    expect(config.bucket).toBe("<Blobs.name>");
    expect(config.role).toBe("<BlobsReplicationRole.arn>");
    expect(config.rules).toHaveLength(1);
    const [rule] = config.rules;
    expect(rule).toMatchObject({
      status: "Enabled",
      filter: {},
      deleteMarkerReplication: { status: "Enabled" },
    });
    expect(rule.destination).toMatchObject({
      bucket: "<BlobsReplica.arn>",
      replicationTime: { status: "Enabled", time: { minutes: 15 } },
      // S3 requires the metrics with Replication Time Control.
      metrics: { status: "Enabled", eventThreshold: { minutes: 15 } },
    });
    // S3 replicates only between versioned buckets.
    expect(plain<Args>(one(recording, "sst.aws.Bucket", "Blobs").args).versioning).toBe(true);
    const versioning = one(recording, "aws.s3.BucketVersioningV2", "BlobsReplicaVersioning");
    expect(plain<Args>(versioning.args)).toEqual({
      bucket: "<BlobsReplica.id>",
      versioningConfiguration: { status: "Enabled" },
    });
    for (const name of ["BlobsReplica", "BlobsReplicaVersioning", "BlobsReplicaPublicAccess"]) {
      const [resource] = recording.components.filter((c) => c.name === name);
      expect(plain(resource?.opts), name).toEqual({ provider: "<BackupRegion>" });
    }
    // The role may read the source's versions and write the replica, nothing else.
    const role = plain<Args>(one(recording, "aws.iam.Role", "BlobsReplicationRole").args);
    expect(JSON.parse(role.assumeRolePolicy).Statement[0].Principal).toEqual({ Service: "s3.amazonaws.com" });
    const statements = JSON.parse(role.inlinePolicies[0].policy).Statement as Args[];
    const resources = statements.flatMap((s) => s.Resource);
    expect(resources).toEqual(["<Blobs.arn>", "<Blobs.arn>/*", "<BlobsReplica.arn>/*"]);
    expect(statements.flatMap((s) => s.Action)).toContain("s3:GetObjectVersionForReplication");
    expect(statements.flatMap((s) => s.Action)).toContain("s3:ReplicateDelete");
  });

  it("keeps AWS Backup's daily default on other stages and copies nothing", async () => {
    const { recording } = await deploy("dev");
    expect(all(recording, "aws.backup.Plan")).toEqual([]);
    expect(all(recording, "aws.s3.BucketReplicationConfig")).toEqual([]);
    expect(
      plain<Args>(one(recording, "aws.efs.BackupPolicy", "DatabaseFilesBackup").args).backupPolicy,
    ).toEqual({
      status: "ENABLED",
    });
  });
});
