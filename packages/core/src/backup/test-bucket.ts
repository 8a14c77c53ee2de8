import { randomUUID } from "node:crypto";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { inject } from "vitest";
import { loadConfig } from "../config.ts";
import { type BlobStore, createBlobStore, createS3Client } from "../storage/blob-store.ts";

/**
 * A bucket of its own on the test run's embedded S3 server: backups prune everything under
 * `backups/`, so tests running in parallel must not share one.
 */
export async function openTestBucket(): Promise<{ blobs: BlobStore; bucket: string; close(): void }> {
  const s3 = inject("s3");
  const bucket = `backup-test-${randomUUID().slice(0, 8)}`;
  const config = loadConfig({
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: bucket,
    AWS_ACCESS_KEY_ID: s3.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
  });
  const client = createS3Client(config.s3);
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return { blobs: createBlobStore(client, bucket), bucket, close: () => client.destroy() };
}
