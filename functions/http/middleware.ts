import { timingSafeEqual } from "node:crypto";
import { refundPoints, reservePoints } from "@finchat/core/auth/rate-limit";
import { getSession } from "@finchat/core/auth/sessions";
import { Tokens, Users } from "@finchat/core/db";
import { AppError } from "@finchat/core/errors";
import type { MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { ApiDeps, AppEnv, AuthedEnv } from "./env.ts";

export const sessionCookie = "finchat_session";
const unsafeMethods = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const safeMethods = new Set(["GET", "HEAD"]);

/** A child logger carrying the request id, and one access-log line per request. */
export function requestLogging(deps: ApiDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const log = deps.logger.child({ requestId: c.var.requestId });
    c.set("log", log);
    const started = performance.now();
    await next();
    log.info(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        userId: c.var.identity?.user.id,
      },
      "request",
    );
  };
}

/** Unsafe requests that carry a body must say it is JSON (415 otherwise). */
export function jsonBodies(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (unsafeMethods.has(c.req.method) && hasBody(c.req.raw)) {
      const type = c.req.header("content-type") ?? "";
      if (!/^application\/json\s*(;|$)/i.test(type)) {
        throw new AppError("unsupported_media_type", "Send the body as application/json");
      }
    }
    await next();
  };
}

function hasBody(req: Request): boolean {
  const length = req.headers.get("content-length");
  if (length !== null) return Number(length) > 0;
  if (req.headers.has("transfer-encoding")) return true;
  // Without either header HTTP/1.1 carries no body; in-process requests may omit both but say their type.
  return req.headers.has("content-type") && req.body !== null;
}

/**
 * Works out who is calling: a personal token (`Authorization: Bearer`) or a session cookie.
 * A bad or expired credential leaves the caller anonymous; `requireUser` then answers 401.
 */
export function identify(deps: ApiDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set("identity", null);
    const bearer = c.req.header("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (bearer) {
      const found = await Tokens.authenticate(deps.db, bearer);
      if (!found) throw new AppError("unauthorized", "The token is invalid or was revoked");
      c.set("identity", { kind: "token", scope: found.scope, user: found.user });
    } else {
      const sessionId = getCookie(c, sessionCookie);
      const session = sessionId
        ? await getSession(deps.redis, sessionId, deps.config.auth.sessionTtlSeconds)
        : null;
      const user = session ? await Users.findById(deps.db, session.userId) : null;
      if (sessionId && session && user) {
        c.set("identity", { kind: "session", sessionId, csrfToken: session.csrfToken, user });
      }
    }
    await next();
  };
}

/**
 * 401 for anonymous callers; for browser sessions, unsafe methods also need the CSRF header; a
 * read-only token may only make safe requests (GET, HEAD).
 */
export const requireUser: MiddlewareHandler<AuthedEnv> = async (c, next) => {
  const identity = (c.var as AppEnv["Variables"]).identity;
  if (!identity) throw new AppError("unauthorized", "Sign in first");
  if (identity.kind === "token" && identity.scope === "read" && !safeMethods.has(c.req.method)) {
    throw new AppError("forbidden", "This API token is read-only: it may only make GET and HEAD requests");
  }
  if (identity.kind === "session" && unsafeMethods.has(c.req.method)) {
    const sent = c.req.header("x-csrf-token") ?? "";
    if (!sameSecret(sent, identity.csrfToken)) {
      throw new AppError("csrf_failed", "Missing or wrong x-csrf-token header (GET /api/me returns it)");
    }
  }
  c.set("user", identity.user);
  await next();
};

/** Only a signed-in browser session may do this (managing tokens): no token can mint or revoke one. */
export const requireSession: MiddlewareHandler<AuthedEnv> = async (c, next) => {
  if (c.var.identity.kind !== "session") {
    throw new AppError("forbidden", "API tokens are created and revoked from a signed-in browser session");
  }
  await next();
};

export const requireAdmin: MiddlewareHandler<AuthedEnv> = async (c, next) => {
  if (c.var.user.role !== "admin") throw new AppError("forbidden", "Only administrators may do this");
  await next();
};

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The routes that spend model tokens or Worker time, each limited per user (config.userLimits). */
export type UserLimit = "messages" | "docsRuns" | "tokenCreates" | "exports";

const limitMessages: Record<UserLimit, string> = {
  messages: "You are sending messages too fast",
  docsRuns: "You are starting documentation runs too fast",
  tokenCreates: "You are creating API tokens too fast",
  exports: "You are downloading exports too fast",
};

/**
 * Takes one point from the signed-in caller's counter for `limit` before the route runs (429 with
 * Retry-After when none is left), in Redis so every Api process shares it. A request the route
 * refuses with a 4xx did no work and gives its point back afterwards; while it runs it holds the
 * point, so a burst still gets at most the limit. Anonymous callers pass through to the route's 401.
 */
export function userLimit(deps: ApiDeps, limit: UserLimit): MiddlewareHandler<AppEnv> {
  const limits = deps.config.userLimits;
  return async (c, next) => {
    const identity = c.var.identity;
    if (!identity) return next();
    const key = `user-limit:${limit}:${identity.user.id}`;
    await reservePoints(
      deps.redis,
      [{ key, max: limits[limit] }],
      limits.windowSeconds,
      `${limitMessages[limit]}; try again later`,
    );
    await next();
    if (c.res.status >= 400 && c.res.status < 500) await refundPoints(deps.redis, [key]);
  };
}
