import { startOpenAIServer } from "@finchat/testkit";
import { describe, expect, it } from "vitest";
import { createChatModel } from "./model.ts";

describe("createChatModel", () => {
  it("is null when neither a key nor a base URL is configured", () => {
    expect(createChatModel({ model: "gpt-4.1-mini" })).toBeNull();
    expect(createChatModel({ apiKey: "", baseUrl: undefined, model: "gpt-4.1-mini" })).toBeNull();
  });

  it("talks to a local server given only its base URL, with a placeholder key and small SDK retries", async () => {
    const server = await startOpenAIServer();
    try {
      server.enqueue({ text: "pong" });
      const chat = createChatModel({ baseUrl: server.url, model: "llama3.1" });
      expect(chat?.client.maxRetries).toBe(2);
      const completion = await chat?.client.chat.completions.create({
        model: chat.model,
        messages: [{ role: "user", content: "ping" }],
      });
      expect(completion?.choices[0]?.message.content).toBe("pong");
      expect(server.requests[0]?.headers.authorization).toMatch(/^Bearer .+/);
      expect(server.requests[0]?.body.model).toBe("llama3.1");
    } finally {
      await server.close();
    }
  });

  it("shows every response to onResponse, retries included, so rate limiting can be noticed", async () => {
    const server = await startOpenAIServer();
    try {
      server.enqueue({ error: { status: 429, retryAfter: 0.01 } }, { text: "pong" });
      const seen: Array<[number, string | null]> = [];
      const chat = createChatModel(
        { baseUrl: server.url, model: "gpt-4.1-mini" },
        { onResponse: (r) => seen.push([r.status, r.headers.get("retry-after")]) },
      );
      const completion = await chat?.client.chat.completions.create({
        model: chat.model,
        messages: [{ role: "user", content: "ping" }],
      });
      expect(completion?.choices[0]?.message.content).toBe("pong");
      expect(seen).toEqual([
        [429, "0.01"],
        [200, null],
      ]);
    } finally {
      await server.close();
    }
  });
});
