import { linkedResourceNames, linkedSecretVariables } from "@finchat/core/linked-resources";
import { describe, expect, it } from "vitest";
import { sqldHealthCommand, sqldImageReference } from "./sqld-image.ts";
import { plain, unwrap } from "./stand-ins.ts";
import { type Args, all, canary, deploy, one, production, service } from "./test-deploy.ts";

describe("sst.config.ts", () => {
  it("retains and protects production only", async () => {
    const { app } = await production();
    expect(app).toMatchObject({ name: "finchat", home: "aws", removal: "retain", protect: true });
    expect((await deploy("alice")).app).toMatchObject({ removal: "remove", protect: false });
  });

  it("returns the site, Api, bucket, dashboard and alert topic", async () => {
    const { outputs } = await production();
    expect(outputs).toEqual({
      url: "<Cdn.url>",
      api: "<ApiAlb.url>",
      bucket: "<Blobs.name>",
      dashboard: "<Dashboard.dashboardName>",
      alerts: "<Alerts.arn>",
    });
  });
});

describe("links and secrets", () => {
  it("links the Api and the Worker to Redis, the bucket and the database, and every app secret under sst dev", async () => {
    const appSecrets = (recording: Parameters<typeof all>[0]) =>
      all(recording, "sst.Secret")
        .map((s) => s.name)
        .filter((name) => name !== "DatabaseAuthPublicKey");
    const deployed = (await production()).recording;
    const dev = (await deploy("alice", { dev: true })).recording;
    for (const name of ["Api", "Worker"]) {
      expect(service(deployed, name).link).toEqual(["<Redis>", "<Blobs>", "<Database>"]);
      expect(service(dev, name).link).toEqual([
        "<Redis>",
        "<Blobs>",
        "<Database>",
        ...appSecrets(dev).map((s) => `<${s}>`),
      ]);
    }
    // Whatever is linked or referenced, packages/core/src/linked-resources.ts must map.
    const mapped = [...Object.values(linkedResourceNames), ...Object.keys(linkedSecretVariables)];
    expect(mapped).toEqual(expect.arrayContaining(["Redis", "Blobs", "Database", ...appSecrets(deployed)]));
  });

  it("requires the credentials and leaves optional integrations empty by default", async () => {
    const { recording } = await production();
    const placeholders = Object.fromEntries(
      all(recording, "sst.Secret").map((s) => [s.name, unwrap(s.args)]),
    );
    for (const required of ["OpenaiApiKey", "DatabaseAuthToken", "DatabaseAuthPublicKey"]) {
      expect(placeholders[required], required).toEqual({});
    }
    for (const optional of [
      "GithubToken",
      "JiraApiToken",
      "JiraHost",
      "JiraEmail",
      "GithubAllow",
      "JiraProjects",
    ]) {
      expect(placeholders[optional], optional).toBe("");
    }
  });
});

describe("data", () => {
  it("runs Redis without cluster mode or eviction, local under sst dev, replicated in production", async () => {
    const { recording } = await production();
    const redis = plain<Args>(one(recording, "sst.aws.Redis", "Redis").args);
    expect(redis).toMatchObject({
      cluster: false,
      parameters: { "maxmemory-policy": "noeviction" },
      dev: { host: "127.0.0.1", port: 6379 },
      transform: { cluster: { numCacheClusters: 2, automaticFailoverEnabled: true, multiAzEnabled: true } },
    });
    const canaryRedis = plain<Args>(one((await canary()).recording, "sst.aws.Redis", "Redis").args);
    expect(canaryRedis.transform.cluster).toEqual({});
  });

  it("versions the bucket and expires old versions per stage", async () => {
    for (const [run, days] of [
      [production, 90],
      [() => deploy("alice"), 3],
    ] as const) {
      const { recording } = await run();
      expect(plain<Args>(one(recording, "sst.aws.Bucket", "Blobs").args)).toEqual({ versioning: true });
      const lifecycle = plain<Args>(
        one(recording, "aws.s3.BucketLifecycleConfiguration", "BlobsLifecycle").args,
      );
      expect(lifecycle.bucket).toBe("<Blobs.name>");
      expect(lifecycle.rules[0]).toMatchObject({
        status: "Enabled",
        noncurrentVersionExpiration: { noncurrentDays: days },
        expiration: { expiredObjectDeleteMarker: true },
      });
    }
  });

  it("runs one sqld task on backed-up EFS and links its Cloud Map address", async () => {
    const { recording } = await production();
    const sqld = service(recording, "DatabaseServer");
    expect(sqld.volumes).toEqual([{ efs: "<DatabaseFiles>", path: "/var/lib/sqld" }]);
    expect(sqld.scaling).toEqual({ min: 1, max: 1 });
    expect(sqld.environment.SQLD_AUTH_JWT_KEY).toBe("<DatabaseAuthPublicKey.value>");
    expect(sqld.transform.service).toMatchObject({
      deploymentMinimumHealthyPercent: 0,
      deploymentMaximumPercent: 100,
    });
    // Built into the account's registry from the pinned upstream image, checked by ECS, waited for.
    expect(sqld.image).toEqual({
      context: "stacks/sqld",
      args: { SQLD_IMAGE: sqldImageReference() },
    });
    expect(sqld.health).toMatchObject({ command: sqldHealthCommand(8080), retries: 3 });
    expect(sqld.wait).toBe(true);
    // The Api and the Worker are deployed after it.
    for (const name of ["Api", "Worker"]) {
      expect(plain(one(recording, "sst.aws.Service", name).opts)).toEqual({
        dependsOn: ["<DatabaseServer>"],
      });
    }
    const backup = plain<Args>(one(recording, "aws.efs.BackupPolicy", "DatabaseFilesBackup").args);
    // Production's recovery points come from the hourly plan (stacks/recovery.test.ts).
    expect(backup).toEqual({ fileSystemId: "<DatabaseFiles.id>", backupPolicy: { status: "DISABLED" } });
    const link = plain<Args>(one(recording, "sst.Linkable", "Database").args);
    expect(link.properties.url).toBe("http://<DatabaseServer.service>:8080");
  });

  it("uses the local libSQL file and deploys no database server under sst dev", async () => {
    const { recording } = await deploy("alice", { dev: true });
    expect(all(recording, "sst.aws.Service").map((s) => s.name)).toEqual(["Api", "Worker"]);
    expect(all(recording, "sst.aws.Efs")).toEqual([]);
    expect(plain<Args>(one(recording, "sst.Linkable", "Database").args).properties.url).toBe(
      "file:.data/finchat.db",
    );
  });
});
