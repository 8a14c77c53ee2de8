import { ApiError } from "./client.ts";

/** A failure told the way a person needs it: what happened, and what to do about it. */
export type PlainError = { title: string; detail: string; action: string | null; code: string };

const runFailures: Record<string, { title: string; action: string | null }> = {
  llm_not_configured: {
    title: "No language model is configured",
    action:
      "An administrator sets OPENAI_API_KEY (or OPENAI_BASE_URL for a local model server) and restarts Finchat.",
  },
  budget_exceeded: { title: "Daily budget used up", action: "Your budget resets at 00:00 UTC." },
  model_rate_limited: {
    title: "The model provider is rate limiting",
    action: "Wait a minute, then press Retry.",
  },
  model_unavailable: { title: "The model server is unavailable", action: "Press Retry in a moment." },
  model_auth_failed: {
    title: "The model server refused Finchat's key",
    action: "An administrator checks OPENAI_API_KEY.",
  },
  model_rejected: { title: "The model server rejected the request", action: "Try rephrasing, then Retry." },
  cancelled: { title: "Stopped", action: null },
  interrupted: { title: "The answer was interrupted", action: "Press Retry." },
  internal: {
    title: "Something went wrong",
    action: "Press Retry; if it keeps failing, tell an administrator.",
  },
};

/** Explains a run's `run.failed { code, message }`. */
export function explainRunFailure(code: string, message: string): PlainError {
  const known = runFailures[code] ?? runFailures.internal;
  return { code, title: known?.title ?? "The answer failed", detail: message, action: known?.action ?? null };
}

/** Explains anything a request threw. */
export function explainError(error: unknown): PlainError {
  if (!(error instanceof ApiError)) {
    return {
      code: "unknown",
      title: "Something went wrong",
      detail: String(error),
      action: "Reload the page.",
    };
  }
  const wait = error.retryAfter ? `Try again in ${error.retryAfter} seconds.` : "Try again shortly.";
  switch (error.code) {
    case "network":
      return {
        code: error.code,
        title: "Finchat cannot be reached",
        detail: "The network or the server is down.",
        action: "Check your connection; Finchat keeps trying.",
      };
    case "rate_limited":
      return { code: error.code, title: "Too many requests", detail: error.message, action: wait };
    case "unavailable":
      return {
        code: error.code,
        title: "A service Finchat depends on is down",
        detail: error.message,
        action: `${wait} If it lasts, an administrator checks /health/ready (database, Redis, storage).`,
      };
    case "unauthorized":
      return {
        code: error.code,
        title: "You are signed out",
        detail: error.message,
        action: "Sign in again.",
      };
    case "csrf_failed":
      return {
        code: error.code,
        title: "Your session changed",
        detail: error.message,
        action: "Reload the page.",
      };
    default:
      return { code: error.code, title: errorTitle(error.status), detail: error.message, action: null };
  }
}

function errorTitle(status: number): string {
  if (status === 404) return "Not found";
  if (status === 403) return "Not allowed";
  if (status === 409) return "That changed meanwhile";
  if (status >= 500) return "The server failed";
  return "That did not work";
}
