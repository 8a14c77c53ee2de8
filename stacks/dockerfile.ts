/**
 * A small reader of functions/Dockerfile for tests (no Docker engine here): instructions per
 * build stage, with ENV values and a stage's inherited instructions resolved.
 */

export interface Instruction {
  keyword: string;
  args: string;
}

export interface Stage {
  name: string;
  from: string;
  instructions: Instruction[];
}

export function parseDockerfile(text: string): { args: Record<string, string>; stages: Stage[] } {
  const lines = text
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const line of lines) {
    const [keyword = "", ...rest] = line.split(/\s+/);
    const instruction = { keyword: keyword.toUpperCase(), args: rest.join(" ") };
    if (instruction.keyword === "FROM") {
      const [from = "", , name = `stage${stages.length}`] = rest;
      stages.push({ name, from, instructions: [] });
    } else if (stages.length === 0 && instruction.keyword === "ARG") {
      const [key = "", value = ""] = instruction.args.split("=");
      args[key] = value;
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return { args, stages };
}

/** A stage's instructions, preceded by those of the stages it builds on. */
export function effectiveInstructions(stages: Stage[], name: string): Instruction[] {
  const stage = stages.find((s) => s.name === name);
  if (!stage) throw new Error(`no stage ${name}`);
  const parent = stages.some((s) => s.name === stage.from) ? effectiveInstructions(stages, stage.from) : [];
  return [...parent, ...stage.instructions];
}

/** ENV values in effect in a stage (both `ENV A=1 B=2` and continuation lines). */
export function environmentOf(instructions: Instruction[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { keyword, args } of instructions) {
    if (keyword !== "ENV") continue;
    for (const pair of args.split(/\s+/)) {
      const eq = pair.indexOf("=");
      if (eq > 0) env[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
  }
  return env;
}

/** The exec-form command of the last CMD (or of a `HEALTHCHECK ... CMD [...]`); throws on shell form. */
export function execForm(args: string): string[] {
  const json = args.slice(args.indexOf("["));
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed) || !parsed.every((part) => typeof part === "string")) {
    throw new Error(`not an exec-form command: ${args}`);
  }
  return parsed;
}

export function last(instructions: Instruction[], keyword: string): Instruction | undefined {
  return instructions.filter((i) => i.keyword === keyword).at(-1);
}
