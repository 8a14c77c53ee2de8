import OpenAI from "openai";

/** A configured chat model: the SDK client and the model name every request names. */
export type ChatModel = { client: OpenAI; model: string };
export type OpenAIConfig = { apiKey?: string | undefined; baseUrl?: string | undefined; model: string };

/** Local OpenAI-compatible servers (Ollama, LM Studio, vLLM) ignore the key, but the SDK needs one. */
const PLACEHOLDER_KEY = "no-key-needed";
/**
 * The SDK's retries (with its backoff and Retry-After handling) cover failures before an answer
 * begins; a stream cut mid-answer is asked for again by `streamStep` (see STREAM_CUT_RETRIES).
 */
export const MODEL_MAX_RETRIES = 2;
export const MODEL_TIMEOUT_MS = 60_000;

/**
 * The chat model from `config.openai`, or null when neither a key nor a base URL is set (the loop
 * then fails with `llm_not_configured`). A base URL without a key is a local server.
 */
export function createChatModel(
  config: OpenAIConfig,
  options: {
    maxRetries?: number;
    timeoutMs?: number;
    /** Sees every response's status and headers (each retry's too), e.g. to notice rate limiting. */
    onResponse?: (response: Response) => void;
  } = {},
): ChatModel | null {
  if (!config.apiKey && !config.baseUrl) return null;
  const { onResponse } = options;
  const client = new OpenAI({
    apiKey: config.apiKey || PLACEHOLDER_KEY,
    baseURL: config.baseUrl,
    maxRetries: options.maxRetries ?? MODEL_MAX_RETRIES,
    timeout: options.timeoutMs ?? MODEL_TIMEOUT_MS,
    ...(onResponse && {
      fetch: async (input: string | URL | Request, init?: RequestInit) => {
        const response = await fetch(input, init);
        onResponse(response);
        return response;
      },
    }),
  });
  return { client, model: config.model };
}
