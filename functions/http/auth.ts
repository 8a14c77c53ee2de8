import type { LoginOutcome } from "@finchat/core/auth/login-limiter";
import {
  decoyHash,
  hashPassword,
  needsRehash,
  passwordProblem,
  scryptParams,
  verifyPassword,
} from "@finchat/core/auth/passwords";
import { createSession, destroySession } from "@finchat/core/auth/sessions";
import { Users } from "@finchat/core/db";
import { AppError, isAppError } from "@finchat/core/errors";
import { getConnInfo } from "@hono/node-server/conninfo";
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import type { ApiDeps, AppEnv, AuthedEnv } from "./env.ts";
import { requireUser, sessionCookie } from "./middleware.ts";
import { createRouter, errorResponses } from "./router.ts";
import { jsonBody, jsonResponse, publicUser, UserSchema } from "./schemas.ts";

const Email = z.email().max(254);
const Password = z
  .string()
  .max(200)
  .superRefine((password, ctx) => {
    const problem = passwordProblem(password);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

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
const SignupAccepted = z
  .object({ status: z.literal("accepted"), message: z.string() })
  .openapi("SignupAccepted");
const accepted = {
  status: "accepted" as const,
  message: "If this email could be registered, the account exists now: sign in with it.",
};
const Me = z.object({ user: UserSchema, csrfToken: z.string().nullable() }).openapi("Me");

const signup = createRoute({
  method: "post",
  path: "/auth/signup",
  tags: ["auth"],
  summary: "Create an account; the first one is an admin",
  description:
    "Answers the same 202 whether the account was created or the email was already registered, so " +
    "sign-up does not reveal who has an account; it does not sign in: call POST /api/auth/login next. " +
    "Limited per client address (SIGNUP_MAX_PER_IP per SIGNUP_WINDOW_SECONDS).",
  request: { body: jsonBody(SignupBody) },
  responses: {
    202: jsonResponse(SignupAccepted, "Accepted: sign in with the email and password"),
    ...errorResponses(400, 403, 413, 415, 429),
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

  const hashParams = scryptParams(auth.scryptLog2N);

  const open = createRouter<AppEnv>()
    .openapi(signup, async (c) => {
      const body = c.req.valid("json");
      await deps.loginLimiter.reserveSignup(clientAddress(c, deps.config.http.trustedProxyHops));
      // Hash before looking the email up, so a taken email costs about what a new one does.
      const passwordHash = await hashPassword(body.password, hashParams);
      try {
        await Users.create(deps.db, {
          email: body.email,
          name: body.name,
          passwordHash,
          signup: auth.signup,
          ...(body.inviteCode ? { inviteCode: body.inviteCode } : {}),
        });
      } catch (err) {
        // A taken email answers like a new one; its owner signs in with their own password.
        if (!isAppError(err) || err.code !== "conflict") throw err;
      }
      return c.json(accepted, 202);
    })
    .openapi(login, async (c) => {
      const { email, password } = c.req.valid("json");
      const ip = clientAddress(c, deps.config.http.trustedProxyHops);
      // The attempt is paid for before the hash runs, so a burst cannot outrun the counters.
      await deps.loginLimiter.reserve(email, ip);
      let outcome: LoginOutcome = "failure";
      let found: Awaited<ReturnType<typeof Users.findByEmail>> = null;
      try {
        found = await Users.findByEmail(deps.db, email);
        // Verify against a decoy when the email is unknown, so timing does not reveal accounts.
        const ok = await verifyPassword(password, found?.passwordHash ?? (await decoyHash(hashParams)));
        if (found && ok) outcome = "success";
      } finally {
        await deps.loginLimiter.settle(email, ip, outcome);
      }
      if (!found || outcome !== "success") throw new AppError("unauthorized", "Wrong email or password");
      if (needsRehash(found.passwordHash, hashParams)) await rehash(found.id, found.passwordHash, password);
      await startSession(c, found.id);
      return c.json({ user: publicUser(found) }, 200);
    });

  /** Brings a hash made with older parameters up to the current ones; a failure only delays that. */
  const rehash = async (userId: string, previous: string, password: string) => {
    try {
      await Users.replacePasswordHash(deps.db, userId, previous, await hashPassword(password, hashParams));
    } catch (err) {
      deps.logger.warn({ err: (err as Error).message, userId }, "password rehash failed");
    }
  };

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
