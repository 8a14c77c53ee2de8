import { mkdirSync } from "node:fs";
import S3rver from "s3rver";
import { freePort } from "./redis-server.ts";

export interface RunningS3 {
  endpoint: string;
  bucket: string;
  /** The embedded server's fixed credentials; real deployments use IAM roles instead. */
  accessKeyId: string;
  secretAccessKey: string;
  stop(): Promise<void>;
}

/**
 * Starts the embedded S3-compatible server (s3rver) on loopback, writing under `directory`, with
 * `bucket` created. It has no versioning; everything else Finchat uses behaves as S3 does.
 */
export async function startS3Server(directory: string, bucket: string, port?: number): Promise<RunningS3> {
  mkdirSync(directory, { recursive: true });
  const listenPort = port ?? (await freePort());
  const server = new S3rver({
    address: "127.0.0.1",
    port: listenPort,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  await server.run();
  return {
    endpoint: `http://127.0.0.1:${listenPort}`,
    bucket,
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
    stop: () => server.close(),
  };
}
