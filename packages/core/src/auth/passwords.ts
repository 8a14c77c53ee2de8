import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";
import { dictionary } from "@zxcvbn-ts/language-common";

const scryptOnPool = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

/**
 * Hashes running at once in this process. libuv's thread pool (4 threads unless
 * UV_THREADPOOL_SIZE says otherwise) also does file reads and DNS look-ups; at 0.3 s per hash, four
 * hashes would hold all of it and stall every file and connection of the Api behind a burst of
 * sign-ins. Two leave half the pool free and cap their memory at 2 × 128 MiB; later ones queue.
 */
export const maxConcurrentHashes = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function scryptAsync(
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
): Promise<Buffer> {
  if (running >= maxConcurrentHashes) await new Promise<void>((resolve) => waiting.push(resolve));
  else running += 1;
  try {
    return await scryptOnPool(password, salt, keylen, options);
  } finally {
    // Hand the slot straight to the next waiter, or free it.
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }
}

/** scrypt's cost: N (CPU/memory, a power of two), r (block size) and p (parallelism). */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/**
 * OWASP's Password Storage Cheat Sheet: scrypt with N=2^17, r=8, p=1 (128 MiB and ~0.2-0.4 s of
 * one core per hash). Node runs the async scrypt on the libuv thread pool, so the event loop keeps
 * serving while a hash is computed.
 */
export const productionScrypt: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };

/** The parameters for a cost of 2^`log2N` (r=8, p=1), as PASSWORD_SCRYPT_LOG2N sets them. */
export function scryptParams(log2N: number): ScryptParams {
  return { N: 2 ** log2N, r: 8, p: 1 };
}

const keyLength = 32;

/** Room for scrypt's 128·N·r·p bytes of working memory, with headroom (node's default is 32 MiB). */
function maxmem({ N, r, p }: ScryptParams): number {
  return 256 * N * r * p;
}

/** Stored parameters we are willing to run: a stored hash must not make us burn unbounded memory. */
function plausible({ N, r, p }: ScryptParams): boolean {
  const powerOfTwo = Number.isInteger(N) && N >= 2 && (N & (N - 1)) === 0;
  return powerOfTwo && N <= 2 ** 20 && Number.isInteger(r) && r >= 1 && r <= 32 && p === 1;
}

/** Hashes a password as `scrypt$N$r$p$salt$hash` (base64url parts): the parameters travel with it. */
export async function hashPassword(
  password: string,
  params: ScryptParams = productionScrypt,
): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, keyLength, { ...params, maxmem: maxmem(params) });
  return [
    "scrypt",
    params.N,
    params.r,
    params.p,
    salt.toString("base64url"),
    hash.toString("base64url"),
  ].join("$");
}

/** The parameters a stored hash was made with, or null when it is not one of ours. */
export function storedParams(stored: string): ScryptParams | null {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !salt || !hash) return null;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  return plausible(params) ? params : null;
}

/** Checks a password against a stored hash in constant time; a malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const params = storedParams(stored);
  if (!params) return false;
  const [, , , , salt, hash] = stored.split("$") as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, "base64url");
  if (expected.length < 16) return false;
  const actual = await scryptAsync(password, Buffer.from(salt, "base64url"), expected.length, {
    ...params,
    maxmem: maxmem(params),
  });
  return timingSafeEqual(actual, expected);
}

/** Whether a hash that just verified should be replaced by one made with `params`. */
export function needsRehash(stored: string, params: ScryptParams): boolean {
  const had = storedParams(stored);
  return !had || had.N !== params.N || had.r !== params.r || had.p !== params.p;
}

const decoys = new Map<string, Promise<string>>();

/**
 * A hash of nothing in particular with `params`, verified when an email is unknown so that path
 * costs the same as a real account's. Made once per parameter set.
 */
export function decoyHash(params: ScryptParams = productionScrypt): Promise<string> {
  const key = `${params.N}:${params.r}:${params.p}`;
  let decoy = decoys.get(key);
  if (!decoy) {
    decoy = hashPassword(randomBytes(16).toString("hex"), params);
    decoys.set(key, decoy);
  }
  return decoy;
}

export const minPasswordLength = 10;
const common = new Set(dictionary["passwords-common"]);

/**
 * Why a new password is refused, or null when it is acceptable: too short, or on the list of the
 * ~49 000 most common passwords that zxcvbn-ts ships (compared case-insensitively, as the list is
 * lower-case).
 */
export function passwordProblem(password: string): string | null {
  if (password.length < minPasswordLength) return `use at least ${minPasswordLength} characters`;
  if (common.has(password.toLowerCase())) return "this password is too common; choose another";
  return null;
}
