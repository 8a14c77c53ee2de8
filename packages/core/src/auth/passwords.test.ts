import { describe, expect, it } from "vitest";
import {
  decoyHash,
  hashPassword,
  needsRehash,
  passwordProblem,
  productionScrypt,
  scryptParams,
  storedParams,
  verifyPassword,
} from "./passwords.ts";

const cheap = scryptParams(14);

describe("passwords", () => {
  it("verifies the right password and rejects a wrong one", async () => {
    const hash = await hashPassword("correct horse battery", cheap);
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(hash).not.toContain("correct horse");
    expect(await verifyPassword("correct horse battery", hash)).toBe(true);
    expect(await verifyPassword("correct horse batterY", hash)).toBe(false);
  });

  it("hashes with OWASP's scrypt parameters by default (N=2^17, r=8, p=1) and stores them", async () => {
    expect(productionScrypt).toEqual({ N: 2 ** 17, r: 8, p: 1 });
    const hash = await hashPassword("correct horse battery");
    expect(storedParams(hash)).toEqual(productionScrypt);
    expect(await verifyPassword("correct horse battery", hash)).toBe(true);
  });

  it("verifies a hash by the parameters stored with it, and says when it should be redone", async () => {
    const old = await hashPassword("correct horse battery", scryptParams(15));
    expect(await verifyPassword("correct horse battery", old)).toBe(true);
    expect(needsRehash(old, scryptParams(15))).toBe(false);
    expect(needsRehash(old, productionScrypt)).toBe(true);
    expect(needsRehash("plain-text", cheap)).toBe(true);
  });

  it("salts every hash and never matches a malformed or implausible one", async () => {
    expect(await hashPassword("same", cheap)).not.toBe(await hashPassword("same", cheap));
    expect(await verifyPassword("x", "plain-text")).toBe(false);
    expect(await verifyPassword("x", "scrypt$1$2$3$$")).toBe(false);
    const good = await hashPassword("x", cheap);
    const [, , , , salt, hash] = good.split("$");
    // Not a power of two, or a cost that would make a stored row burn gigabytes: refused, not run.
    expect(await verifyPassword("x", `scrypt$16383$8$1$${salt}$${hash}`)).toBe(false);
    expect(await verifyPassword("x", `scrypt$${2 ** 24}$8$1$${salt}$${hash}`)).toBe(false);
  });

  it("makes one decoy per parameter set", async () => {
    const decoy = await decoyHash(cheap);
    expect(await decoyHash(cheap)).toBe(decoy);
    expect(storedParams(decoy)).toEqual(cheap);
  });

  it("refuses short passwords and ones on the common-passwords list", () => {
    expect(passwordProblem("short")).toMatch(/at least 10/);
    expect(passwordProblem("password123")).toMatch(/too common/);
    expect(passwordProblem("PASSWORD123")).toMatch(/too common/);
    expect(passwordProblem("1q2w3e4r5t")).toMatch(/too common/);
    expect(passwordProblem("correct horse battery")).toBeNull();
  });
});

describe("hashing under load", () => {
  it("leaves libuv's thread pool room for file reads while production-cost hashes queue", async () => {
    const { readFile } = await import("node:fs/promises");
    const hashes = Array.from({ length: 6 }, () => hashPassword("correct horse battery", productionScrypt));
    await new Promise((resolve) => setTimeout(resolve, 30));
    const started = performance.now();
    await readFile(import.meta.filename);
    const readMs = performance.now() - started;
    await Promise.all(hashes);
    // With every pool thread inside scrypt (~0.3 s each), the read would wait for one to finish.
    expect(readMs).toBeLessThan(150);
  });
});
