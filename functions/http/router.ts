import { AppError } from "@finchat/core/errors";
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Env } from "hono";

/** The one error body every failure answers with. */
export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "not_found" }),
      message: z.string(),
      requestId: z.string(),
    }),
  })
  .openapi("Error");

/** Response entries for the errors a route can answer with. */
export function errorResponses(...statuses: number[]) {
  const describe: Record<number, string> = {
    400: "Invalid input",
    401: "Not signed in",
    403: "Not allowed (or missing CSRF header)",
    404: "Not found, or not yours",
    409: "Conflict",
    413: "Body too large",
    415: "Body is not JSON",
    422: "Well-formed but unusable",
    429: "Too many requests; see Retry-After",
    503: "A dependency is down; see Retry-After",
  };
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: describe[s] ?? "Error", content: { "application/json": { schema: ErrorBody } } },
    ]),
  );
}

/**
 * A router whose validation failures become `invalid_request` errors naming the bad fields, so
 * every 400 has the same shape as every other error.
 */
export function createRouter<E extends Env>() {
  return new OpenAPIHono<E>({
    defaultHook: (result) => {
      if (!result.success) {
        const details = result.error.issues
          .map((i) => `${i.path.length ? i.path.join(".") : "body"}: ${i.message}`)
          .join("; ");
        throw new AppError("invalid_request", `Invalid ${result.target}: ${details}`);
      }
    },
  });
}
