import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startRedisServer } from "../scripts/lib/redis-server.ts";
import { startS3Server } from "../scripts/lib/s3-server.ts";

declare module "vitest" {
  export interface ProvidedContext {
    redisUrl: string;
    s3: { endpoint: string; bucket: string; accessKeyId: string; secretAccessKey: string };
  }
}

/** One real redis-server and one embedded S3 server for the whole test run, on free ports. */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), "finchat-test-"));
  const redis = await startRedisServer();
  const s3 = await startS3Server(join(dir, "s3"), "finchat-test");
  project.provide("redisUrl", redis.url);
  project.provide("s3", {
    endpoint: s3.endpoint,
    bucket: s3.bucket,
    accessKeyId: s3.accessKeyId,
    secretAccessKey: s3.secretAccessKey,
  });
  return async () => {
    await s3.stop();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
