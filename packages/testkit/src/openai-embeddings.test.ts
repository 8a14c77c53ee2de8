import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashedEmbedding } from "./openai-embeddings.ts";
import { type OpenAIServer, startOpenAIServer } from "./openai-server.ts";

const cosine = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let dot = 0;
  for (let i = 0; i < a.length; i += 1) dot += (a[i] as number) * (b[i] as number);
  return dot;
};

describe("testkit OpenAI server: /v1/embeddings", () => {
  let server: OpenAIServer;
  let client: OpenAI;
  beforeAll(async () => {
    server = await startOpenAIServer();
    client = new OpenAI({ baseURL: server.url, apiKey: "test", maxRetries: 0 });
  });
  afterAll(() => server.close());

  it("answers the SDK's default (base64) request with deterministic unit vectors and usage", async () => {
    const texts = [
      "post the journal entry to the ledger",
      "ledger journal entry posting",
      "sprint burndown chart",
    ];
    const response = await client.embeddings.create({ model: "text-embedding-3-small", input: texts });
    const [a, b, c] = response.data.map((d) => Array.from(d.embedding));
    expect(a).toHaveLength(256);
    expect(cosine(a ?? [], a ?? [])).toBeCloseTo(1, 5);
    expect(cosine(a ?? [], b ?? [])).toBeGreaterThan(cosine(a ?? [], c ?? []) + 0.3);
    expect(Array.from(hashedEmbedding(texts[0] as string))).toEqual(a);
    expect(response.usage.prompt_tokens).toBeGreaterThan(0);
    expect(server.embeddingRequests.at(-1)).toMatchObject({ model: "text-embedding-3-small", inputs: texts });
    expect(server.requests).toHaveLength(0);
  });

  it("honours dimensions and the float encoding", async () => {
    const response = await client.embeddings.create({
      model: "m",
      input: "postEntry",
      dimensions: 32,
      encoding_format: "float",
    });
    expect(response.data[0]?.embedding).toHaveLength(32);
    expect(response.data[0]?.embedding).toEqual(Array.from(hashedEmbedding("postEntry", 32)));
  });

  it("rejects an empty input as the API does", async () => {
    await expect(client.embeddings.create({ model: "m", input: [] })).rejects.toMatchObject({
      status: 400,
      param: "input",
    });
  });
});
