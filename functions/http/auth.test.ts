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
    const res = await post("/api/auth/signup", {
      email: "cookie@example.com",
      password: "long enough pw",
      name: "C",
    });
    const setCookie = res.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(await res.json()).toEqual({
      user: expect.not.objectContaining({ passwordHash: expect.anything() }),
    });
  });

  it("answers 409 for a duplicate email, whatever its case", async () => {
    const person = await api.signUp();
    const res = await post("/api/auth/signup", {
      email: person.email.toUpperCase(),
      password: "another password",
      name: "Twin",
    });
    expect(res.status).toBe(409);
    expect((await errorOf(res)).code).toBe("conflict");
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
      const made = await invite.app.request("/api/admin/invites", {
        method: "POST",
        headers: admin.headers,
        body: JSON.stringify({ email: "new@example.com" }),
      });
      expect(made.status).toBe(201);
      const { code } = (await made.json()) as { code: string };
      expect((await signup(code)).status).toBe(201);
    } finally {
      await invite.close();
    }
  });
});

describe("personal tokens", () => {
  it("creates a token once, authenticates with it, lists without the secret, and revokes it", async () => {
    const person = await api.signUp();
    const created = await api.app.request("/api/tokens", {
      method: "POST",
      headers: person.headers,
      body: JSON.stringify({ name: "ci script" }),
    });
    expect(created.status).toBe(201);
    const { id, token } = (await created.json()) as { id: string; token: string };
    const bearer = { authorization: `Bearer ${token}` };

    const me = await api.app.request("/api/me", { headers: bearer });
    expect(await me.json()).toMatchObject({ user: { id: person.user.id }, csrfToken: null });

    const list = await api.app.request("/api/tokens", { headers: bearer });
    const listed = JSON.stringify(await list.json());
    expect(listed).toContain("ci script");
    expect(listed).not.toContain(token);

    // Tokens are not browser credentials: no CSRF header needed.
    const del = await api.app.request(`/api/tokens/${id}`, { method: "DELETE", headers: bearer });
    expect(del.status).toBe(204);
    expect((await api.app.request("/api/me", { headers: bearer })).status).toBe(401);
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
