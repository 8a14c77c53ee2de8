import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { contentText, demoTurn } from "./openai-demo-script.ts";
import type { ChatRequest, Script, Turn } from "./openai-script.ts";

/** Repeats the last message: `Echo: <user text>`, or `Tool result: <content>` after a tool call. */
function echoTurn(request: ChatRequest): Turn {
  const last = request.body.messages.at(-1);
  const text = contentText(last?.content);
  return { text: last?.role === "tool" ? `Tool result: ${text}` : `Echo: ${text}` };
}

/** Zero-latency scripts that answer any number of requests, e.g. for benchmarks and manual runs. */
export const builtinScripts: Record<string, Script> = {
  echo: { forever: echoTurn },
  fixed: { forever: { text: "Hello from the testkit model." } },
  /** Asks `capitalisation_report` about a capitalisation question and answers from its result; else echo. */
  demo: { forever: (request) => demoTurn(request, echoTurn) },
};

function scriptFromJson(value: unknown, source: string): Script {
  if (Array.isArray(value)) return { turns: value };
  if (typeof value === "object" && value !== null && ("turns" in value || "forever" in value)) {
    return value as Script;
  }
  throw new Error(`${source}: expected an array of turns or { turns?, forever? }`);
}

/**
 * Loads a script by builtin name (`echo`, `fixed`, `demo`), from a JSON file (an array of turns or
 * `{ turns?, forever? }`), or from a module whose default export is a script (so it may hold
 * function turns).
 */
export async function loadScript(spec: string): Promise<Script> {
  const builtin = builtinScripts[spec];
  if (builtin) return builtin;
  const path = resolve(spec);
  if (spec.endsWith(".json")) return scriptFromJson(JSON.parse(await readFile(path, "utf8")), spec);
  if (/\.(ts|js|mjs)$/.test(spec)) {
    const module = (await import(pathToFileURL(path).href)) as { default?: unknown };
    return scriptFromJson(module.default, spec);
  }
  const names = Object.keys(builtinScripts).join(", ");
  throw new Error(`Unknown script "${spec}": use a builtin (${names}), a .json file or a module`);
}
