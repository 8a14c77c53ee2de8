import type { ChatCompletionFunctionTool } from "openai/resources/chat/completions";
import { z } from "zod";
import type { Tool } from "./tool.ts";

/** The pattern OpenAI requires of function names. */
export const TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

/** A model's call checked against its tool: either runnable arguments or an error the model can read. */
export type ValidatedCall =
  | { ok: true; tool: Tool; args: unknown }
  | { ok: false; tool: Tool | undefined; error: string };

/** The tools the model may call, with their JSON Schemas, looked up and validated by name. */
export class ToolRegistry {
  readonly #tools: ReadonlyMap<string, Tool>;
  /** The `tools` parameter of a chat completion request. */
  readonly definitions: ChatCompletionFunctionTool[];

  /** @throws Error for a name OpenAI would reject or a name used twice. */
  constructor(tools: readonly Tool[]) {
    const byName = new Map<string, Tool>();
    for (const tool of tools) {
      if (!TOOL_NAME_PATTERN.test(tool.name)) {
        throw new Error(`Tool name "${tool.name}" must match ${TOOL_NAME_PATTERN}`);
      }
      if (byName.has(tool.name)) throw new Error(`Tool name "${tool.name}" is used twice`);
      byName.set(tool.name, tool);
    }
    this.#tools = byName;
    this.definitions = tools.map(toDefinition);
  }

  get(name: string): Tool | undefined {
    return this.#tools.get(name);
  }

  get names(): string[] {
    return [...this.#tools.keys()];
  }

  /**
   * Parses a call's raw JSON argument text (any other value counts as already parsed) and checks
   * it against the tool's schema. Never throws: an unknown tool, malformed JSON or invalid
   * arguments come back as an error text for the model.
   */
  validate(name: string, rawArgs: unknown): ValidatedCall {
    const tool = this.#tools.get(name);
    if (!tool) {
      return {
        ok: false,
        tool,
        error: `There is no tool named "${name}". Available tools: ${this.names.join(", ")}.`,
      };
    }
    const parsedJson =
      typeof rawArgs === "string" ? parseJsonArgs(rawArgs) : { ok: true as const, value: rawArgs };
    if (!parsedJson.ok)
      return { ok: false, tool, error: `The arguments are not valid JSON: ${parsedJson.error}` };
    const parsed = tool.input.safeParse(parsedJson.value);
    if (!parsed.success) {
      return { ok: false, tool, error: `Invalid arguments for ${name}:\n${z.prettifyError(parsed.error)}` };
    }
    return { ok: true, tool, args: parsed.data };
  }
}

/** Parses the model's argument text; the empty string (a call without arguments) is `{}`. */
export function parseJsonArgs(raw: string): { ok: true; value: unknown } | { ok: false; error: string } {
  if (raw.trim() === "") return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

function toDefinition(tool: Tool): ChatCompletionFunctionTool {
  const { $schema: _dialect, ...parameters } = z.toJSONSchema(tool.input, {
    io: "input",
    unrepresentable: "any",
  });
  return { type: "function", function: { name: tool.name, description: tool.description, parameters } };
}
