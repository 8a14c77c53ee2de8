import { hashPassword, scryptParams, storedParams } from "@finchat/core/auth/passwords";
import { Users } from "@finchat/core/db";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestApi, errorOf, sessionCookieOf } from "./test-support.ts";

const json = { "content-type": "application/json" };
let api: Awaited<ReturnType<typeof createTestApi>>;

beforeAll(async () => {
  api = await createTestApi({ LOGIN_MAX_PER_ACCOUNT: "3" });
});
afterAll(() => api.close());

const post = (path: string, body: unknown, headers: Record<string, string> = json) =>
  api.app.request(path, { method: "POST", headers, body: JSON.stringify(body) });

describe("sign-up and sign-in", () => {
  it("makes the first user an admin, later ones members, and sets an HttpOnly SameSite cookie", async () => {
    const first = await api.signUp();
    const second = await api.signUp();
    expect(first.user.role).toBe("admin");
    expect(second.user.role).toBe("member");
    const credentials = { email: "cookie@example.com", password: "long enough pw" };
    const res = await post("/api/auth/signup", { ...credentials, name: "C" });
    expect(res.status).toBe(202);
    expect(res.headers.get("set-cookie")).toBeNull();
    const login = await post("/api/auth/login", credentials);
    const setCookie = login.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(await login.json()).toEqual({
      user: expect.not.objectContaining({ passwordHash: expect.anything() }),
    });
  });

  it("answers a taken email (any case) exactly like a new one, and leaves the account alone", async () => {
    const person = await api.signUp();
    const fresh = await post("/api/auth/signup", {
      email: "brand-new@example.com",
      password: "another password",
      name: "New",
    });
    const taken = await post("/api/auth/signup", {
      email: person.email.toUpperCase(),
      password: "another password",
      name: "Twin",
    });
    expect(taken.status).toBe(fresh.status);
    expect(taken.status).toBe(202);
    expect(await taken.json()).toEqual(await fresh.json());
    expect([...taken.headers.keys()].sort()).toEqual([...fresh.headers.keys()].sort());
    const stolen = await post("/api/auth/login", { email: person.email, password: "another password" });
    expect(stolen.status).toBe(401);
    const owner = await post("/api/auth/login", { email: person.email, password: person.password });
    expect(owner.status).toBe(200);
  });

  it("refuses a password from the common-passwords list with 400 naming the field", async () => {
    for (const password of ["password123", "qwertyuiop", "1234567890", "Basketball"]) {
      const res = await post("/api/auth/signup", { email: "common@example.com", password, name: "C" });
      expect(res.status, password).toBe(400);
      expect((await errorOf(res)).message).toMatch(/password.*too common/);
    }
    const login = await post("/api/auth/login", { email: "common@example.com", password: "password123" });
    expect(login.status).toBe(401);
  });

  it("rejects bad sign-up input with 400 naming the field", async () => {
    const res = await post("/api/auth/signup", { email: "not-an-email", password: "short", name: "" });
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe("invalid_request");
    expect(error.message).toContain("email");
    expect(error.message).toContain("password");
  });

  it("signs in with the right password and gives the same 401 for a wrong one or an unknown email", async () => {
    const person = await api.signUp();
    const ok = await post("/api/auth/login", { email: person.email, password: person.password });
    expect(ok.status).toBe(200);
    const cookie = sessionCookieOf(ok);
    const me = await api.app.request("/api/me", { headers: { cookie } });
    expect(((await me.json()) as { user: { id: string } }).user.id).toBe(person.user.id);

    const wrong = await post("/api/auth/login", { email: person.email, password: "wrong password!" });
    const unknown = await post("/api/auth/login", {
      email: "nobody@example.com",
      password: "wrong password!",
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect((await errorOf(wrong)).message).toBe((await errorOf(unknown)).message);
  });

  it("rate-limits failed sign-ins per account with Retry-After", async () => {
    const person = await api.signUp();
    for (let i = 0; i < 3; i++) {
      expect(
        (await post("/api/auth/login", { email: person.email, password: "nope nope nope" })).status,
      ).toBe(401);
    }
    const blocked = await post("/api/auth/login", { email: person.email, password: person.password });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("logs out: the cookie no longer works", async () => {
    const person = await api.signUp();
    const out = await api.app.request("/api/auth/logout", { method: "POST", headers: person.headers });
    expect(out.status).toBe(204);
    const me = await api.app.request("/api/me", { headers: { cookie: person.cookie } });
    expect(me.status).toBe(401);
  });
});

describe("sign-up modes", () => {
  it("closed refuses newcomers; invite needs a code an admin made", async () => {
    const closed = await createTestApi({ SIGNUP: "closed" });
    try {
      await closed.signUp();
      const res = await closed.app.request("/api/auth/signup", {
        method: "POST",
        headers: json,
        body: JSON.stringify({ email: "late@example.com", password: "long enough pw", name: "Late" }),
      });
      expect(res.status).toBe(403);
    } finally {
      await closed.close();
    }

    const invite = await createTestApi({ SIGNUP: "invite" });
    try {
      const admin = await invite.signUp();
      const signup = (inviteCode?: string) =>
        invite.app.request("/api/auth/signup", {
          method: "POST",
          headers: json,
          body: JSON.stringify({
            email: "new@example.com",
            password: "long enough pw",
            name: "New",
            inviteCode,
          }),
        });
      expect((await signup()).status).toBe(403);
      expect((await signup("not-a-real-code")).status).toBe(403);
      const made = await invite.app.request("/api/admin/invites", {
        method: "POST",
        headers: admin.headers,
        body: JSON.stringify({ email: "new@example.com" }),
      });
      expect(made.status).toBe(201);
      const { code } = (await made.json()) as { code: string };
      expect((await signup(code)).status).toBe(202);
      const login = await invite.app.request("/api/auth/login", {
        method: "POST",
        headers: json,
        body: JSON.stringify({ email: "new@example.com", password: "long enough pw" }),
      });
      expect(login.status).toBe(200);
    } finally {
      await invite.close();
    }
  });
});

describe("personal tokens", () => {
  const createToken = (headers: Record<string, string>, body: Record<string, string>) =>
    api.app.request("/api/tokens", { method: "POST", headers, body: JSON.stringify(body) });

  it("creates a token once, authenticates with it, lists without the secret, and revokes it", async () => {
    const person = await api.signUp();
    const created = await createToken(person.headers, { name: "ci script" });
    expect(created.status).toBe(201);
    const { id, token, scope } = (await created.json()) as { id: string; token: string; scope: string };
    expect(scope).toBe("full");
    const bearer = { authorization: `Bearer ${token}` };

    const me = await api.app.request("/api/me", { headers: bearer });
    expect(await me.json()).toMatchObject({ user: { id: person.user.id }, csrfToken: null });

    const list = await api.app.request("/api/tokens", { headers: bearer });
    const listed = JSON.stringify(await list.json());
    expect(listed).toContain("ci script");
    expect(listed).toContain('"scope":"full"');
    expect(listed).not.toContain(token);

    const del = await api.app.request(`/api/tokens/${id}`, { method: "DELETE", headers: person.headers });
    expect(del.status).toBe(204);
    expect((await api.app.request("/api/me", { headers: bearer })).status).toBe(401);
  });

  it("lets no token create or revoke tokens, full scope or not: only a browser session", async () => {
    const person = await api.signUp();
    const made = (await (await createToken(person.headers, { name: "full", scope: "full" })).json()) as {
      id: string;
      token: string;
    };
    const bearer = { authorization: `Bearer ${made.token}`, "content-type": "application/json" };
    const minted = await createToken(bearer, { name: "minted by a token" });
    expect(minted.status).toBe(403);
    expect((await errorOf(minted)).code).toBe("forbidden");
    const revoked = await api.app.request(`/api/tokens/${made.id}`, { method: "DELETE", headers: bearer });
    expect(revoked.status).toBe(403);
    const list = (await (await api.app.request("/api/tokens", { headers: bearer })).json()) as {
      items: { name: string }[];
    };
    expect(list.items.map((t) => t.name)).toEqual(["full"]);
  });

  it("lets a read token make only GET and HEAD requests; a full token may write", async () => {
    const person = await api.signUp();
    const tokenOf = async (scope: string) =>
      ((await (await createToken(person.headers, { name: scope, scope })).json()) as { token: string }).token;
    const read = { authorization: `Bearer ${await tokenOf("read")}`, "content-type": "application/json" };
    const full = { authorization: `Bearer ${await tokenOf("full")}`, "content-type": "application/json" };

    expect((await api.app.request("/api/conversations", { headers: read })).status).toBe(200);
    expect((await api.app.request("/api/conversations", { method: "HEAD", headers: read })).status).toBe(200);
    const refused = await api.app.request("/api/conversations", {
      method: "POST",
      headers: read,
      body: "{}",
    });
    expect(refused.status).toBe(403);
    expect((await errorOf(refused)).message).toMatch(/read-only/);
    expect((await api.app.request("/api/auth/logout", { method: "POST", headers: read })).status).toBe(403);

    const written = await api.app.request("/api/conversations", {
      method: "POST",
      headers: full,
      body: "{}",
    });
    expect(written.status).toBe(201);
    const { id } = (await written.json()) as { id: string };
    for (const method of ["PATCH", "DELETE"]) {
      const res = await api.app.request(`/api/conversations/${id}`, {
        method,
        headers: read,
        body: method === "PATCH" ? JSON.stringify({ title: "renamed" }) : null,
      });
      expect(res.status, method).toBe(403);
    }
    const list = (await (await api.app.request("/api/conversations", { headers: read })).json()) as {
      items: { id: string; title: string }[];
    };
    expect(list.items).toHaveLength(1);
    expect(list.items[0]?.title).not.toBe("renamed");
  });

  it("refuses an unknown scope with 400", async () => {
    const person = await api.signUp();
    const res = await createToken(person.headers, { name: "x", scope: "admin" });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toContain("scope");
  });

  it("does not let one user revoke another's token", async () => {
    const owner = await api.signUp();
    const other = await api.signUp();
    const created = await api.app.request("/api/tokens", {
      method: "POST",
      headers: owner.headers,
      body: JSON.stringify({ name: "mine" }),
    });
    const { id } = (await created.json()) as { id: string };
    const del = await api.app.request(`/api/tokens/${id}`, { method: "DELETE", headers: other.headers });
    expect(del.status).toBe(404);
  });
});

describe("security", () => {
  it("answers 401 without credentials and for an unknown bearer token", async () => {
    expect((await api.app.request("/api/me")).status).toBe(401);
    const res = await api.app.request("/api/conversations", {
      headers: { authorization: "Bearer fct_nope" },
    });
    expect(res.status).toBe(401);
    expect((await errorOf(res)).code).toBe("unauthorized");
  });

  it("answers 403 to an unsafe browser request without the CSRF header, and changes nothing", async () => {
    const person = await api.signUp();
    const res = await api.app.request("/api/conversations", {
      method: "POST",
      headers: { cookie: person.cookie, "content-type": "application/json" },
      body: JSON.stringify({ title: "sneaky" }),
    });
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe("csrf_failed");
    const list = await api.app.request("/api/conversations", { headers: { cookie: person.cookie } });
    expect(((await list.json()) as { items: unknown[] }).items).toHaveLength(0);
  });

  it("lets only admins create invites", async () => {
    const member = (await api.signUp()).headers;
    const res = await api.app.request("/api/admin/invites", { method: "POST", headers: member, body: "{}" });
    expect(res.status).toBe(403);
  });
});

describe("per-address sign-in limits", () => {
  it("blocks an address that fails across many accounts, but not other addresses", async () => {
    const limited = await createTestApi({ LOGIN_MAX_PER_IP: "3", TRUSTED_PROXY_HOPS: "1" });
    try {
      // Until Redis is connected, sign-in answers 503 rather than guessing.
      await vi.waitFor(async () => expect((await limited.app.request("/health/ready")).status).toBe(200));
      const login = (email: string, address: string) =>
        limited.app.request("/api/auth/login", {
          method: "POST",
          headers: { ...json, "x-forwarded-for": `10.9.9.9, ${address}` },
          body: JSON.stringify({ email, password: "guessing again" }),
        });
      for (const n of [1, 2, 3])
        expect((await login(`victim${n}@example.com`, "203.0.113.7")).status).toBe(401);
      const blocked = await login("victim4@example.com", "203.0.113.7");
      expect(blocked.status).toBe(429);
      expect((await login("victim4@example.com", "198.51.100.2")).status).toBe(401);
    } finally {
      await limited.close();
    }
  });
});

describe("sign-in limits under concurrency", () => {
  let limited: Awaited<ReturnType<typeof createTestApi>>;
  beforeAll(async () => {
    limited = await createTestApi({
      LOGIN_MAX_PER_ACCOUNT: "10",
      LOGIN_MAX_PER_IP: "50",
      TRUSTED_PROXY_HOPS: "1",
    });
  });
  afterAll(() => limited.close());

  let address = 0;
  /** A fresh client address per test, so only the limit under test can trip. */
  const nextAddress = () => `198.18.0.${++address}`;
  const login = (email: string, password: string, from: string) =>
    limited.app.request("/api/auth/login", {
      method: "POST",
      headers: { ...json, "x-forwarded-for": from },
      body: JSON.stringify({ email, password }),
    });
  const statuses = (responses: Response[]) => responses.map((r) => r.status);
  const count = (list: number[], status: number) => list.filter((s) => s === status).length;

  it("runs at most LOGIN_MAX_PER_ACCOUNT password checks for 40 parallel guesses at one account", async () => {
    const person = await limited.signUp();
    // Spread over addresses so the per-address limit is not what stops them.
    const burst = await Promise.all(
      Array.from({ length: 40 }, (_, i) => login(person.email, `wrong guess ${i}`, `198.19.1.${i}`)),
    );
    const seen = statuses(burst);
    expect(count(seen, 401)).toBe(10);
    expect(count(seen, 429)).toBe(30);
    const blocked = burst.find((r) => r.status === 429) as Response;
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    // The account stays locked for the window, right password or not.
    expect((await login(person.email, person.password, nextAddress())).status).toBe(429);
  });

  it("lets a burst holding the right password after 9 failures make at most one check", async () => {
    const person = await limited.signUp();
    for (let i = 0; i < 9; i++)
      expect((await login(person.email, `wrong ${i}`, nextAddress())).status).toBe(401);
    const guesses = Array.from({ length: 30 }, (_, i) => (i === 15 ? person.password : `guess number ${i}`));
    const burst = await Promise.all(guesses.map((g, i) => login(person.email, g, `198.19.2.${i}`)));
    const seen = statuses(burst);
    expect(count(seen, 429)).toBe(29);
    const checked = seen.findIndex((s) => s !== 429);
    expect(seen[checked]).toBe(guesses[checked] === person.password ? 200 : 401);
  });

  it("runs at most LOGIN_MAX_PER_IP checks for 120 parallel attempts from one address", async () => {
    const from = nextAddress();
    const burst = await Promise.all(
      Array.from({ length: 120 }, (_, i) => login(`someone${i}@example.com`, "guessing again", from)),
    );
    const seen = statuses(burst);
    expect(count(seen, 401)).toBe(50);
    expect(count(seen, 429)).toBe(70);
    // Another address is not affected.
    expect((await login("someone0@example.com", "guessing again", nextAddress())).status).toBe(401);
  });

  it("forgets an account's failures and gives the address its point back after a success", async () => {
    const person = await limited.signUp();
    const from = nextAddress();
    for (let i = 0; i < 9; i++) expect((await login(person.email, `typo ${i}`, from)).status).toBe(401);
    expect((await login(person.email, person.password, from)).status).toBe(200);
    const again = await Promise.all(
      Array.from({ length: 12 }, (_, i) => login(person.email, `typo again ${i}`, `198.19.3.${i}`)),
    );
    expect(count(statuses(again), 401)).toBe(10);
    expect(count(statuses(again), 429)).toBe(2);
    // 9 failures + 1 success from `from`: the success gave its point back, so 41 checks remain.
    const rest = await Promise.all(
      Array.from({ length: 45 }, (_, i) => login(`other${i}@example.com`, "guessing again", from)),
    );
    expect(count(statuses(rest), 401)).toBe(41);
  });
});

describe("sign-up limits", () => {
  it("allows SIGNUP_MAX_PER_IP sign-ups per address, even in parallel, and answers 429 after", async () => {
    const limited = await createTestApi({ SIGNUP_MAX_PER_IP: "5", TRUSTED_PROXY_HOPS: "1" });
    try {
      const signup = (n: number, from: string) =>
        limited.app.request("/api/auth/signup", {
          method: "POST",
          headers: { ...json, "x-forwarded-for": from },
          body: JSON.stringify({ email: `burst${n}@example.com`, password: "long enough pw", name: "B" }),
        });
      const burst = await Promise.all(Array.from({ length: 20 }, (_, n) => signup(n, "203.0.113.50")));
      const seen = burst.map((r) => r.status);
      expect(seen.filter((s) => s === 202)).toHaveLength(5);
      expect(seen.filter((s) => s === 429)).toHaveLength(15);
      const blocked = burst.find((r) => r.status === 429) as Response;
      expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(3000);
      expect((await signup(99, "203.0.113.51")).status).toBe(202);
    } finally {
      await limited.close();
    }
  });
});

describe("password hashes", () => {
  it("hashes with PASSWORD_SCRYPT_LOG2N and redoes an older hash at the next successful sign-in", async () => {
    const stronger = await createTestApi({ PASSWORD_SCRYPT_LOG2N: "15" });
    try {
      const person = await stronger.signUp();
      const stored = async () =>
        (await Users.findByEmail(stronger.deps.db, person.email))?.passwordHash ?? "";
      expect(storedParams(await stored())).toEqual(scryptParams(15));
      // A hash from before the cost went up: it still verifies, then is replaced.
      const older = await hashPassword(person.password, scryptParams(14));
      await Users.replacePasswordHash(stronger.deps.db, person.user.id, await stored(), older);
      const login = (password: string) =>
        stronger.app.request("/api/auth/login", {
          method: "POST",
          headers: json,
          body: JSON.stringify({ email: person.email, password }),
        });
      expect((await login("not the password")).status).toBe(401);
      expect(await stored()).toBe(older);
      expect((await login(person.password)).status).toBe(200);
      const upgraded = await stored();
      expect(upgraded).not.toBe(older);
      expect(storedParams(upgraded)).toEqual(scryptParams(15));
      expect((await login(person.password)).status).toBe(200);
    } finally {
      await stronger.close();
    }
  });
});
