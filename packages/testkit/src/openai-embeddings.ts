import type { IncomingMessage, ServerResponse } from "node:http";
import { readBody } from "./openai-chat.ts";
import { sendJson } from "./openai-responder.ts";
import { errorBody, estimateTokens } from "./openai-wire.ts";

/** An embeddings request as the server received it. */
export interface EmbeddingRequest {
  model: string;
  inputs: string[];
  dimensions: number;
}

/** Dimensions of a vector when the request does not ask for a number. */
export const DEFAULT_EMBEDDING_DIMENSIONS = 256;
const MAX_INPUTS = 2048;
const WORD = /[\p{L}\p{N}]+/gu;
const HUMP = /(?<=[a-z0-9])(?=[A-Z])/;

/** The words a text counts: lower-cased, compound identifiers also by their parts. */
function words(text: string): string[] {
  const out: string[] = [];
  for (const word of text.match(WORD) ?? []) {
    out.push(word.toLowerCase());
    const parts = word.split(HUMP);
    if (parts.length > 1) for (const part of parts) out.push(part.toLowerCase());
  }
  return out;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * A deterministic unit vector for `text`: a hashed bag of words (each word adds ±1 at a slot its
 * hash picks), so texts sharing words are close by cosine and unrelated texts are near orthogonal.
 */
export function hashedEmbedding(text: string, dimensions = DEFAULT_EMBEDDING_DIMENSIONS): Float32Array {
  const vector = new Float32Array(dimensions);
  for (const word of words(text)) {
    const hash = fnv1a(word);
    vector[hash % dimensions] = (vector[hash % dimensions] ?? 0) + (fnv1a(`±${word}`) & 1 ? 1 : -1);
  }
  let norm = Math.hypot(...vector);
  if (norm === 0) {
    vector[0] = 1;
    norm = 1;
  }
  return vector.map((value) => value / norm);
}

type Checked =
  | { ok: true; request: EmbeddingRequest; base64: boolean }
  | { ok: false; message: string; param: string | null };

function checkEmbeddingRequest(body: unknown): Checked {
  if (typeof body !== "object" || body === null)
    return { ok: false, message: "The request body must be a JSON object.", param: null };
  const { model, input, dimensions, encoding_format: format } = body as Record<string, unknown>;
  if (typeof model !== "string" || model === "")
    return { ok: false, message: "You must provide a model parameter.", param: "model" };
  const inputs = typeof input === "string" ? [input] : input;
  if (
    !Array.isArray(inputs) ||
    inputs.length === 0 ||
    inputs.length > MAX_INPUTS ||
    !inputs.every((i) => typeof i === "string" && i !== "")
  ) {
    return {
      ok: false,
      message: `'$.input' is invalid: give a non-empty string or 1 to ${MAX_INPUTS} non-empty strings (the testkit takes text only).`,
      param: "input",
    };
  }
  if (
    dimensions !== undefined &&
    !(Number.isInteger(dimensions) && (dimensions as number) >= 1 && (dimensions as number) <= 4096)
  ) {
    return { ok: false, message: "'dimensions' must be an integer from 1 to 4096.", param: "dimensions" };
  }
  if (format !== undefined && format !== "float" && format !== "base64") {
    return { ok: false, message: "'encoding_format' must be 'float' or 'base64'.", param: "encoding_format" };
  }
  const request = {
    model,
    inputs: inputs as string[],
    dimensions: (dimensions as number | undefined) ?? DEFAULT_EMBEDDING_DIMENSIONS,
  };
  return { ok: true, request, base64: format === "base64" };
}

/** `POST /v1/embeddings`: hashed bag-of-words vectors, as floats or base64 float32, with token usage. */
export async function answerEmbeddings(
  req: IncomingMessage,
  res: ServerResponse,
  requests: EmbeddingRequest[] | undefined,
): Promise<void> {
  let body: unknown;
  try {
    body = JSON.parse(await readBody(req));
  } catch {
    return sendJson(
      res,
      400,
      errorBody("We could not parse the JSON body of your request.", "invalid_request_error"),
    );
  }
  const checked = checkEmbeddingRequest(body);
  if (!checked.ok) {
    return sendJson(res, 400, errorBody(checked.message, "invalid_request_error", null, checked.param), {
      "x-should-retry": "false",
    });
  }
  const { request } = checked;
  requests?.push(request);
  const data = request.inputs.map((text, index) => {
    const vector = hashedEmbedding(text, request.dimensions);
    const embedding = checked.base64 ? Buffer.from(vector.buffer).toString("base64") : Array.from(vector);
    return { object: "embedding", index, embedding };
  });
  const tokens = request.inputs.reduce((sum, text) => sum + estimateTokens(text), 0);
  sendJson(res, 200, {
    object: "list",
    data,
    model: request.model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
}
