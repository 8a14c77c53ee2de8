import { z } from "zod";
import { AppError } from "../errors.ts";

const JiraErrorBody = z.object({
  errorMessages: z.array(z.string()).optional(),
  errors: z.record(z.string(), z.string()).optional(),
  message: z.string().optional(),
});

/** Jira's own explanation from an error body (`errorMessages`, `errors`), bounded; empty when it gave none. */
export function jiraReason(body: unknown): string {
  const parsed = JiraErrorBody.safeParse(body);
  if (!parsed.success) return typeof body === "string" ? body.slice(0, 300) : "";
  const { errorMessages = [], errors = {}, message } = parsed.data;
  const parts = [
    ...errorMessages,
    ...Object.entries(errors).map(([field, text]) => `${field}: ${text}`),
    ...(message ? [message] : []),
  ];
  return parts.join("; ").slice(0, 600);
}

/**
 * Turns a failed Jira answer into an AppError whose message the model and the person can act on.
 * Jira's 401 means Finchat's own credentials are wrong, which no caller can fix: it is `unavailable`.
 */
export function jiraHttpError(
  status: number,
  body: unknown,
  endpoint: string,
  retryAfterMs?: number,
): AppError {
  const reason = jiraReason(body);
  const said = reason ? `: ${reason}` : "";
  if (status === 400) return new AppError("invalid_request", `Jira rejected the request${said}`);
  if (status === 401) {
    return new AppError(
      "unavailable",
      "Jira rejected Finchat's credentials; an administrator must check JIRA_EMAIL and JIRA_API_TOKEN",
    );
  }
  if (status === 403) return new AppError("forbidden", `Jira does not allow this${said}`);
  if (status === 404) return new AppError("not_found", `Jira found nothing at ${endpoint}${said}`);
  if (status === 409) return new AppError("conflict", `Jira reported a conflict${said}`);
  if (status === 429) {
    const retryAfter = retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000);
    return new AppError("rate_limited", "Jira is rate limiting Finchat; try again shortly", {
      ...(retryAfter === undefined ? {} : { retryAfter }),
    });
  }
  if (status >= 500) return new AppError("unavailable", `Jira failed (${status}); try again later`);
  return new AppError("unprocessable", `Jira answered ${status}${said}`);
}
