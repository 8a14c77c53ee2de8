import type OpenAI from "openai";

/** Turns texts into vectors for the search index. */
export interface Embedder {
  /** The model name; vectors of different models never mix in the index. */
  readonly model: string;
  /** One vector per text, in order. */
  embed(texts: readonly string[], options?: EmbedOptions): Promise<Float32Array[]>;
}

export interface EmbedOptions {
  signal?: AbortSignal;
  /** Whose question this embeds (a search from a chat); absent for indexing jobs. */
  userId?: string;
}

/** One embeddings request's token use, for the usage table. */
export interface EmbeddingUsage {
  model: string;
  promptTokens: number;
  userId: string | null;
}

export interface OpenAIEmbedderOptions {
  client: OpenAI;
  model: string;
  /** Inputs per request (default 64; the API takes up to 2048). */
  batchSize?: number;
  /** Characters per request across its inputs (default 120k, well under the API's token cap). */
  maxRequestChars?: number;
  /** Each input is cut to this many characters (default 6000), under the model's 8k-token input limit. */
  maxInputChars?: number;
  /** Called after every request with its usage. */
  onUsage?: (usage: EmbeddingUsage) => Promise<void> | void;
}

/**
 * An {@link Embedder} on the OpenAI embeddings API (or any compatible server): inputs are cut to a
 * size the model accepts and sent in batches, one request at a time.
 */
export function createOpenAIEmbedder(options: OpenAIEmbedderOptions): Embedder {
  const batchSize = options.batchSize ?? 64;
  const maxRequestChars = options.maxRequestChars ?? 120_000;
  const maxInputChars = options.maxInputChars ?? 6000;
  return {
    model: options.model,
    async embed(texts, embedOptions = {}) {
      const vectors: Float32Array[] = [];
      for (const batch of batches(texts, batchSize, maxRequestChars, maxInputChars)) {
        const response = await options.client.embeddings.create(
          { model: options.model, input: batch },
          { signal: embedOptions.signal },
        );
        const ordered = [...response.data].sort((a, b) => a.index - b.index);
        if (ordered.length !== batch.length) {
          throw new Error(`The embeddings API answered ${ordered.length} vectors for ${batch.length} inputs`);
        }
        for (const item of ordered) vectors.push(Float32Array.from(item.embedding));
        await options.onUsage?.({
          model: options.model,
          promptTokens: response.usage?.prompt_tokens ?? 0,
          userId: embedOptions.userId ?? null,
        });
      }
      return vectors;
    },
  };
}

/** Groups inputs (cut to `maxInputChars`) into requests of at most `size` inputs and `maxChars` characters. */
export function batches(
  texts: readonly string[],
  size: number,
  maxChars: number,
  maxInputChars: number,
): string[][] {
  const groups: string[][] = [];
  let current: string[] = [];
  let chars = 0;
  for (const text of texts) {
    const input = text.length > maxInputChars ? text.slice(0, maxInputChars) : text || " ";
    if (current.length > 0 && (current.length >= size || chars + input.length > maxChars)) {
      groups.push(current);
      current = [];
      chars = 0;
    }
    current.push(input);
    chars += input.length;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}
