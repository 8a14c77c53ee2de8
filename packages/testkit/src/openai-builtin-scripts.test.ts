import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtinScripts, loadScript } from "./openai-builtin-scripts.ts";
import type { ChatRequest } from "./openai-script.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "openai-script-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function requestWith(messages: unknown[]): ChatRequest {
  return { seq: 1, headers: {}, receivedAtMs: 0, body: { model: "m", messages } as ChatRequest["body"] };
}

describe("loadScript", () => {
  it("finds builtins by name", async () => {
    expect(await loadScript("fixed")).toBe(builtinScripts.fixed);
  });

  it("reads a JSON array of turns as the queue", async () => {
    const file = join(dir, "turns.json");
    await writeFile(file, JSON.stringify([{ text: "one" }, { error: { status: 500 } }]));
    expect(await loadScript(file)).toEqual({ turns: [{ text: "one" }, { error: { status: 500 } }] });
  });

  it("names the builtins when the script is unknown", async () => {
    await expect(loadScript("nonsense")).rejects.toThrow(
      'Unknown script "nonsense": use a builtin (echo, fixed, demo)',
    );
  });
});

describe("the echo script", () => {
  it("echoes the user's text, or the tool result after a tool call", async () => {
    const echo = builtinScripts.echo?.forever;
    if (typeof echo !== "function") throw new Error("echo must be a function turn");
    const parts = [
      { type: "text", text: "a" },
      { type: "text", text: "b" },
    ];

    expect(await echo(requestWith([{ role: "user", content: parts }]))).toEqual({ text: "Echo: ab" });
    expect(await echo(requestWith([{ role: "tool", tool_call_id: "c", content: "42" }]))).toEqual({
      text: "Tool result: 42",
    });
  });
});
