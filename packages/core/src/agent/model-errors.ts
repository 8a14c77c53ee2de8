import { APIConnectionError, APIError } from "openai";
import { StreamCutError } from "./stream.ts";

/** Why a turn failed, as the run's `run.failed { code }`. */
export type TurnFailureCode =
  | "llm_not_configured"
  | "budget_exceeded"
  | "model_rate_limited"
  | "model_unavailable"
  | "model_auth_failed"
  | "model_rejected"
  | "internal";
export type TurnFailure = { code: TurnFailureCode; message: string };

export const NOT_CONFIGURED: TurnFailure = {
  code: "llm_not_configured",
  message:
    "No language model is configured. Set OPENAI_API_KEY (and OPENAI_MODEL to pick a model), or set " +
    "OPENAI_BASE_URL to a local OpenAI-compatible server such as Ollama or LM Studio, then restart Finchat.",
};

/**
 * Maps an error from a model call (after the SDK's own retries) to a failure code and a message
 * for the person. A stream cut mid-answer surfaces from undici as `TypeError: terminated`, or as a
 * StreamCutError when it ended without a finish_reason; both come here only after their retries.
 */
export function modelFailure(error: unknown): TurnFailure {
  if (error instanceof APIConnectionError) {
    return {
      code: "model_unavailable",
      message: "The model server could not be reached or timed out. Try again shortly.",
    };
  }
  if (error instanceof APIError) return apiFailure(error);
  if (
    error instanceof StreamCutError ||
    (error instanceof TypeError && /terminated|fetch failed|other side closed/i.test(error.message))
  ) {
    return {
      code: "model_unavailable",
      message: "The connection to the model server broke mid-answer. Try again.",
    };
  }
  return {
    code: "internal",
    message: "The agent failed unexpectedly. Try again; if it keeps failing, tell an admin.",
  };
}

function apiFailure(error: APIError): TurnFailure {
  const status = error.status ?? 0;
  if (status === 429) {
    return {
      code: "model_rate_limited",
      message: "The model provider is rate limiting requests. Wait a minute and try again.",
    };
  }
  if (status >= 500 || status === 408) {
    return {
      code: "model_unavailable",
      message: `The model server failed (HTTP ${status}). Try again shortly.`,
    };
  }
  if (status === 401 || status === 403) {
    return {
      code: "model_auth_failed",
      message: "The model server rejected the configured API key (OPENAI_API_KEY).",
    };
  }
  return {
    code: "model_rejected",
    message: `The model server rejected the request (HTTP ${status}): ${error.message}`,
  };
}
