import { decoyHash, hashPassword, verifyPassword } from "@finchat/core/auth/passwords";
import { createSession, destroySession } from "@finchat/core/auth/sessions";
import { Users } from "@finchat/core/db";
import { AppError } from "@finchat/core/errors";
import { getConnInfo } from "@hono/node-server/conninfo";
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import type { ApiDeps, AppEnv, AuthedEnv } from "./env.ts";
import { requireUser, sessionCookie } from "./middleware.ts";
import { createRouter, errorResponses } from "./router.ts";
import { jsonBody, jsonResponse, publicUser, UserSchema } from "./schemas.ts";

const Email = z.email().max(254);
const Password = z.string().min(10, "use at least 10 characters").max(200);

const SignupBody = z
  .object({
    email: Email,
    password: Password,
    name: z.string().trim().min(1).max(100),
    inviteCode: z.string().max(200).optional(),
  })
  .openapi("SignupRequest");
const LoginBody = z.object({ email: Email, password: z.string().min(1).max(200) }).openapi("LoginRequest");
const UserEnvelope = z.object({ user: UserSchema });
const Me = z.object({ user: UserSchema, csrfToken: z.string().nullable() }).openapi("Me");

const signup = createRoute({
  method: "post",
  path: "/auth/signup",
  tags: ["auth"],
  summary: "Create an account; the first one is an admin",
  request: { body: jsonBody(SignupBody) },
  responses: {
    201: jsonResponse(UserEnvelope, "Signed up and signed in (session cookie set)"),
    ...errorResponses(400, 403, 409, 413, 415),
  },
});

const login = createRoute({
  method: "post",
  path: "/auth/login",
  tags: ["auth"],
  summary: "Sign in with email and password",
  request: { body: jsonBody(LoginBody) },
  responses: {
    200: jsonResponse(UserEnvelope, "Signed in (session cookie set)"),
    ...errorResponses(400, 401, 429),
  },
});

const logout = createRoute({
  method: "post",
  path: "/auth/logout",
  tags: ["auth"],
  summary: "End the browser session",
  responses: { 204: { description: "Signed out" }, ...errorResponses(401, 403) },
});

const me = createRoute({
  method: "get",
  path: "/me",
  tags: ["auth"],
  summary: "Who is signed in, and the CSRF token for unsafe browser requests",
  responses: { 200: jsonResponse(Me, "The caller"), ...errorResponses(401) },
});

/** The caller's address: from X-Forwarded-For when proxies we trust put it there, else the socket. */
function clientAddress(c: Context, trustedHops: number): string {
  if (trustedHops > 0) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",").at(-trustedHops)?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown";
  }
}

export function authRoutes(deps: ApiDeps) {
  const { auth } = deps.config;
  const startSession = async (c: Context, userId: string) => {
    const { id } = await createSession(deps.redis, userId, auth.sessionTtlSeconds);
    setCookie(c, sessionCookie, id, {
      httpOnly: true,
      sameSite: "Lax",
      secure: auth.cookieSecure,
      path: "/",
      maxAge: auth.sessionTtlSeconds,
    });
  };

  const open = createRouter<AppEnv>()
    .openapi(signup, async (c) => {
      const body = c.req.valid("json");
      const user = await Users.create(deps.db, {
        email: body.email,
        name: body.name,
        passwordHash: await hashPassword(body.password),
        signup: auth.signup,
        ...(body.inviteCode ? { inviteCode: body.inviteCode } : {}),
      });
      await startSession(c, user.id);
      return c.json({ user: publicUser(user) }, 201);
    })
    .openapi(login, async (c) => {
      const { email, password } = c.req.valid("json");
      const ip = clientAddress(c, deps.config.http.trustedProxyHops);
      await deps.loginLimiter.check(email, ip);
      const found = await Users.findByEmail(deps.db, email);
      // Verify against a decoy when the email is unknown, so timing does not reveal accounts.
      const ok = await verifyPassword(password, found?.passwordHash ?? decoyHash);
      if (!found || !ok) {
        await deps.loginLimiter.recordFailure(email, ip);
        throw new AppError("unauthorized", "Wrong email or password");
      }
      await deps.loginLimiter.recordSuccess(email);
      await startSession(c, found.id);
      return c.json({ user: publicUser(found) }, 200);
    });

  const signedIn = createRouter<AuthedEnv>();
  signedIn.use("/auth/logout", requireUser).use("/me", requireUser);
  signedIn
    .openapi(logout, async (c) => {
      const identity = c.var.identity;
      if (identity.kind === "session") await destroySession(deps.redis, identity.sessionId);
      deleteCookie(c, sessionCookie, { path: "/" });
      return c.body(null, 204);
    })
    .openapi(me, (c) => {
      const identity = c.var.identity;
      const csrfToken = identity.kind === "session" ? identity.csrfToken : null;
      return c.json({ user: publicUser(identity.user), csrfToken }, 200);
    });

  return { open, signedIn };
}
