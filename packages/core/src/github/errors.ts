import { AppError, isAppError } from "../errors.ts";

/** The parts of an Octokit RequestError the mapping reads. */
interface RequestFailure {
  status: number;
  message: string;
  response?: { headers?: Record<string, string | number | undefined> };
}

export function isRequestFailure(error: unknown): error is RequestFailure {
  return error instanceof Error && typeof (error as { status?: unknown }).status === "number";
}

export function statusOf(error: unknown): number {
  return isRequestFailure(error) ? error.status : 0;
}

/**
 * Turns what GitHub (or the network) answered into an AppError whose message a person or the
 * model can act on. `what` names the thing asked for, e.g. "acme/ledger issue #7".
 */
export function toAppError(error: unknown, what: string): AppError {
  if (isAppError(error)) return error;
  if (!isRequestFailure(error)) {
    // Not a request that failed: GitHub answered, and the answer could not be used.
    const reason = error instanceof Error ? `: ${error.message}` : "";
    return new AppError("unavailable", `GitHub's answer for ${what} could not be read${reason}`, {
      cause: error,
    });
  }
  if (!error.response) {
    // Octokit reports a request that got no answer at all (refused, reset, DNS) as a 500 without a response.
    return new AppError("unavailable", `GitHub could not be reached for ${what}: ${error.message}`, {
      cause: error,
    });
  }
  const headers = error.response?.headers ?? {};
  const { status } = error;
  if (
    status === 429 ||
    (status === 403 && (headers["x-ratelimit-remaining"] === "0" || /rate limit/i.test(error.message)))
  ) {
    return new AppError("rate_limited", `GitHub's rate limit is exhausted; try ${what} again later`, {
      retryAfter: retryAfterSeconds(headers),
      cause: error,
    });
  }
  if (status === 404)
    return new AppError("not_found", `GitHub has no ${what} (or the token cannot see it)`, { cause: error });
  if (status === 401)
    return new AppError("unavailable", "GitHub rejected the configured token", { cause: error });
  if (status === 403)
    return new AppError("forbidden", `GitHub refused access to ${what}: ${error.message}`, { cause: error });
  if (status === 409)
    return new AppError("conflict", `GitHub reports a conflict for ${what}: ${error.message}`, {
      cause: error,
    });
  if (status === 400 || status === 422) {
    return new AppError(
      "unprocessable",
      `GitHub could not process the request for ${what}: ${error.message}`,
      { cause: error },
    );
  }
  return new AppError("unavailable", `GitHub failed to answer for ${what} (status ${status})`, {
    cause: error,
  });
}

function retryAfterSeconds(headers: Record<string, string | number | undefined>): number {
  const retryAfter = Number(headers["retry-after"]);
  if (Number.isFinite(retryAfter) && retryAfter > 0) return Math.ceil(retryAfter);
  const reset = Number(headers["x-ratelimit-reset"]);
  if (Number.isFinite(reset) && reset > 0) return Math.max(1, Math.ceil(reset - Date.now() / 1000));
  return 60;
}

/**
 * What went wrong with one request of several, in words that do not pretend to know more: for the
 * parts of a tool's answer that could not be read (its `incomplete` field).
 */
export function describeFailure(error: unknown): string {
  if (isAppError(error)) return error.message;
  if (!isRequestFailure(error)) {
    return `GitHub's answer could not be read${error instanceof Error ? `: ${error.message}` : ""}`;
  }
  if (!error.response) return `GitHub could not be reached: ${error.message}`;
  return `GitHub answered ${error.status}: ${error.message.slice(0, 200)}`;
}
