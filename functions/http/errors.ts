import { AppError, errorStatus, isAppError } from "@finchat/core/errors";
import { isRedisUnavailable } from "@finchat/core/redis";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "./env.ts";

/** Maps anything thrown by a handler to the one error shape; unknown errors hide their internals. */
export function toErrorResponse(err: unknown, c: Context<AppEnv>): Response {
  const appError = normalise(err);
  if (appError.code === "internal") {
    c.var.log?.error({ err }, "unhandled error");
  }
  if (appError.retryAfter !== undefined) c.header("Retry-After", String(appError.retryAfter));
  return c.json(
    {
      error: {
        code: appError.code,
        message: appError.message,
        requestId: c.var.requestId ?? "unknown",
      },
    },
    errorStatus[appError.code] as ContentfulStatusCode,
  );
}

function normalise(err: unknown): AppError {
  if (isAppError(err)) return err;
  if (err instanceof HTTPException) {
    if (err.status === 413) return new AppError("payload_too_large", "Request body is too large");
    if (err.status === 400) return new AppError("invalid_request", err.message || "Malformed request");
    if (err.status === 401) return new AppError("unauthorized", "Sign in first");
  }
  if (isRedisUnavailable(err)) {
    return new AppError("unavailable", "A dependency is unavailable; try again shortly", { retryAfter: 5 });
  }
  return new AppError("internal", "Something went wrong on our side");
}

export function notFound(c: Context<AppEnv>): Response {
  return toErrorResponse(new AppError("not_found", `No route for ${c.req.method} ${c.req.path}`), c);
}
