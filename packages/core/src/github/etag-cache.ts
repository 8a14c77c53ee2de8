import { createHash } from "node:crypto";
import type { Logger } from "../observability/logger.ts";
import type { Redis } from "../redis.ts";

/** What the cache keeps per URL: the validator and the body it validates. */
interface CachedResponse {
  etag: string;
  data: unknown;
  headers: Record<string, string>;
}

/** A response in Octokit's shape, as far as the cache needs it. */
export interface CacheableResponse {
  status: number;
  url: string;
  headers: Record<string, string | number | undefined>;
  data: unknown;
}

export interface EtagCacheOptions {
  redis: Redis;
  logger: Logger;
  /** Redis key prefix; the token's identity is appended so tokens never share entries. */
  prefix: string;
  /** The configured token: only its SHA-256 goes into keys. */
  token: string;
  ttlSeconds: number;
  /** Bodies larger than this (JSON characters) are not kept. */
  maxBodyChars: number;
}

const KEPT_HEADERS = ["link", "content-type", "etag", "last-modified"];

/**
 * Blobs are named by their content's SHA, so their body never changes, and everything derived
 * from one is cached by that SHA: keeping the body too would only fill a Redis that never evicts.
 */
const UNCACHED_URL = /\/git\/blobs\/[0-9a-f]{40}(?:[?#]|$)/;

/**
 * Conditional requests backed by Redis: a read carries the ETag of the body kept for its URL and
 * media type, and a 304 is answered from that body. Redis trouble only costs the cache: requests
 * then go out unconditional.
 */
export class EtagCache {
  readonly #options: EtagCacheOptions;
  readonly #tokenId: string;

  constructor(options: EtagCacheOptions) {
    this.#options = options;
    this.#tokenId = createHash("sha256").update(options.token).digest("hex").slice(0, 16);
  }

  key(url: string, accept: string): string {
    const digest = createHash("sha256").update(`${url}\n${accept}`).digest("hex");
    return `${this.#options.prefix}:${this.#tokenId}:${digest}`;
  }

  async get(key: string): Promise<CachedResponse | undefined> {
    try {
      const text = await this.#options.redis.get(key);
      return text ? (JSON.parse(text) as CachedResponse) : undefined;
    } catch (error) {
      this.#warn(error, "read");
      return undefined;
    }
  }

  /** Keeps a 200 read that carries an ETag and a JSON-representable body of bounded size (blobs excepted). */
  async put(key: string, response: CacheableResponse): Promise<void> {
    const etag = response.headers.etag;
    if (response.status !== 200 || typeof etag !== "string" || response.data instanceof ArrayBuffer) return;
    if (UNCACHED_URL.test(response.url)) return;
    const headers: Record<string, string> = {};
    for (const name of KEPT_HEADERS) {
      const value = response.headers[name];
      if (value !== undefined) headers[name] = String(value);
    }
    const text = JSON.stringify({ etag, data: response.data, headers } satisfies CachedResponse);
    if (text.length > this.#options.maxBodyChars) return;
    try {
      await this.#options.redis.set(key, text, "EX", this.#options.ttlSeconds);
    } catch (error) {
      this.#warn(error, "write");
    }
  }

  /** The cached body as a fresh 200, with the 304's headers (rate limit, ETag) over the kept ones. */
  static answer(
    cached: CachedResponse,
    url: string,
    fresh: Record<string, string | number | undefined>,
  ): CacheableResponse {
    return { status: 200, url, headers: { ...cached.headers, ...fresh }, data: cached.data };
  }

  #warn(error: unknown, what: string): void {
    this.#options.logger.warn(
      { err: error instanceof Error ? error.message : String(error) },
      `github etag cache ${what} failed`,
    );
  }
}
