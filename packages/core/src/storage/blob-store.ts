import { createReadStream, createWriteStream } from "node:fs";
import { rm, stat } from "node:fs/promises";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  type GetObjectCommandOutput,
  HeadBucketCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import type { Config } from "../config.ts";

/** Creates the S3 client. Checksums only when required: MinIO, R2 and s3rver reject the newer defaults. */
export function createS3Client(s3: Config["s3"]): S3Client {
  return new S3Client({
    region: s3.region,
    ...(s3.endpoint ? { endpoint: s3.endpoint } : {}),
    forcePathStyle: s3.forcePathStyle,
    ...(s3.credentials ? { credentials: s3.credentials } : {}),
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

export interface BlobStore {
  put(key: string, body: string | Uint8Array, contentType: string): Promise<void>;
  /** The object's bytes, or null when there is no such key. */
  get(key: string): Promise<Uint8Array | null>;
  /** Resolves when the bucket answers; used by readiness checks. */
  ping(): Promise<void>;
  /** Streams a local file up, with user metadata (`x-amz-meta-*`). */
  putFile(key: string, path: string, contentType: string, metadata?: Record<string, string>): Promise<void>;
  /**
   * Streams an object down into a new file at `path` (an existing file is an error, never
   * overwritten) and returns its user metadata, or null when there is no such key.
   */
  getToFile(key: string, path: string): Promise<{ metadata: Record<string, string> } | null>;
  /** Every object under `prefix`, in key order. */
  list(prefix: string): Promise<BlobInfo[]>;
  /** Deletes the object; a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** The object as a stream with its size and type, or null when there is no such key. */
  getStream(key: string): Promise<BlobStream | null>;
}

export interface BlobStream {
  body: ReadableStream<Uint8Array>;
  bytes: number | undefined;
  contentType: string | undefined;
}

export interface BlobInfo {
  key: string;
  bytes: number;
  lastModified: Date | undefined;
}

/** A small blob store over one bucket. */
export function createBlobStore(client: S3Client, bucket: string): BlobStore {
  return {
    async put(key, body, contentType) {
      await client.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }),
      );
    },
    async get(key) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
      } catch (err) {
        if (err instanceof NoSuchKey) return null;
        throw err;
      }
    },
    async ping() {
      await client.send(new HeadBucketCommand({ Bucket: bucket }));
    },
    async putFile(key, path, contentType, metadata) {
      const { size } = await stat(path);
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: createReadStream(path),
          ContentLength: size,
          ContentType: contentType,
          ...(metadata ? { Metadata: metadata } : {}),
        }),
      );
    },
    async getToFile(key, path) {
      let out: GetObjectCommandOutput;
      try {
        out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      } catch (err) {
        if (err instanceof NoSuchKey) return null;
        throw err;
      }
      const file = createWriteStream(path, { flags: "wx" });
      try {
        await pipeline(out.Body as Readable, file);
      } catch (err) {
        // Unless the file already existed (EEXIST: not ours), a partial download must not remain.
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") await rm(path, { force: true });
        throw err;
      }
      return { metadata: out.Metadata ?? {} };
    },
    async list(prefix) {
      const found: BlobInfo[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
        );
        for (const object of page.Contents ?? []) {
          if (object.Key)
            found.push({ key: object.Key, bytes: object.Size ?? 0, lastModified: object.LastModified });
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
    async getStream(key) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        if (!out.Body) return null;
        return {
          body: out.Body.transformToWebStream(),
          bytes: out.ContentLength,
          contentType: out.ContentType,
        };
      } catch (err) {
        if (err instanceof NoSuchKey) return null;
        throw err;
      }
    },
  };
}
