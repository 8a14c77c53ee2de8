import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema.d.ts";

/** Every route the SPA calls, generated from the Api's OpenAPI document. */
export type ApiPaths = paths;
export type Schemas = components["schemas"];
export type Api = ReturnType<typeof createApi>;

const unsafeMethods = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** The Api's error body; anything else (a proxy's HTML page, no body at all) is described by its status. */
export class ApiError extends Error {
  override name = "ApiError";
  readonly status: number;
  readonly code: string;
  /** Seconds to wait before trying again (429 and 503 answers). */
  readonly retryAfter: number | null;

  constructor(status: number, code: string, message: string, retryAfter: number | null = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

/**
 * A client typed by the Api's routes. Browser sessions need the CSRF token from GET /api/me on
 * every unsafe request; `csrfToken` reads the current one.
 */
export function createApi(csrfToken: () => string | null, baseUrl = "") {
  const client = createClient<ApiPaths>({ baseUrl, credentials: "same-origin" });
  const csrf: Middleware = {
    onRequest({ request }) {
      const token = csrfToken();
      if (token && unsafeMethods.has(request.method)) request.headers.set("x-csrf-token", token);
      return request;
    },
  };
  client.use(csrf);
  return client;
}

type Outcome<T> = { data?: T; error?: unknown; response: Response };

/** The data of a successful call, or an {@link ApiError} thrown for a failed one (network failures included). */
export async function unwrap<T>(call: Promise<Outcome<T>>): Promise<T> {
  let outcome: Outcome<T>;
  try {
    outcome = await call;
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
    throw new ApiError(0, "network", "Finchat could not be reached.");
  }
  const { data, error, response } = outcome;
  if (response.ok) return data as T;
  throw toApiError(response, error);
}

/** The {@link ApiError} a failed response stands for. */
export function toApiError(response: Response, body: unknown): ApiError {
  const retryAfter = Number(response.headers.get("retry-after"));
  const detail = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const code = typeof detail?.code === "string" ? detail.code : `http_${response.status}`;
  const message = typeof detail?.message === "string" ? detail.message : response.statusText;
  return new ApiError(
    response.status,
    code,
    message,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
  );
}
