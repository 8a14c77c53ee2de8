import { createChatModel } from "../agent/model.ts";
import { defaultPrices, type PriceTable } from "../agent/pricing.ts";
import { recordUsage } from "../agent/usage.ts";
import type { Config } from "../config.ts";
import type { Queryable } from "../db/client.ts";
import { createOpenAIEmbedder, type Embedder, type EmbeddingUsage } from "./embedder.ts";

/** List prices of OpenAI's embedding models (input only), beside the chat models'. */
export const embeddingPrices: PriceTable = {
  ...defaultPrices,
  "text-embedding-3-small": { inputPerMillion: "0.02", outputPerMillion: "0" },
  "text-embedding-3-large": { inputPerMillion: "0.13", outputPerMillion: "0" },
  "text-embedding-ada-002": { inputPerMillion: "0.10", outputPerMillion: "0" },
};

/**
 * Stores each embeddings request in the usage table: a person's search counts as `chat` (toward
 * their daily budget), indexing as `docs` with no user.
 */
export function embeddingUsageRecorder(db: Queryable, prices: PriceTable = embeddingPrices) {
  return async (usage: EmbeddingUsage): Promise<void> => {
    await recordUsage(
      db,
      {
        userId: usage.userId,
        model: usage.model,
        kind: usage.userId ? "chat" : "docs",
        promptTokens: usage.promptTokens,
        completionTokens: 0,
      },
      prices,
    );
  };
}

/**
 * The embedder `config.docs.embeddingModel` names, on the configured OpenAI(-compatible) server,
 * recording its usage in `db`; undefined when no embedding model or no server is configured (the
 * index is then full-text only).
 */
export function createConfiguredEmbedder(
  config: Pick<Config, "openai" | "docs">,
  db: Queryable,
): Embedder | undefined {
  const model = config.docs.embeddingModel;
  const chat = model ? createChatModel(config.openai) : null;
  if (!model || !chat) return undefined;
  return createOpenAIEmbedder({ client: chat.client, model, onUsage: embeddingUsageRecorder(db) });
}
