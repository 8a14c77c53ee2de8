import { parse as parseToml } from "smol-toml";
import { basename, dirname, joinPath } from "./paths.ts";
import type { Dependency, Manifest } from "./types.ts";

type Table = Record<string, unknown>;

const DEV_GROUP = /^(dev|develop|test|tests|testing|lint|linting|docs?|typing|types|check|ci)\b/i;

/** pyproject.toml: PEP 621 `[project]` and Poetry's `[tool.poetry]`, with console scripts as entry points. */
export function parsePyproject(path: string, text: string): Manifest | undefined {
  let toml: Table;
  try {
    toml = parseToml(text) as Table;
  } catch {
    return undefined;
  }
  const project = table(toml.project);
  const poetry = table(table(toml.tool).poetry);
  const scripts = {
    ...stringsOf(project.scripts),
    ...stringsOf(project["gui-scripts"]),
    ...poetryScripts(poetry),
  };
  const name = str(project.name) ?? str(poetry.name);
  const description = str(project.description) ?? str(poetry.description);
  return {
    kind: "python",
    ...(name ? { name } : {}),
    ...(description ? { description } : {}),
    dependencies: dedupe([...pep621Dependencies(project, toml), ...poetryDependencies(poetry)]),
    scripts,
    entryPoints: Object.values(scripts).map((target) => moduleFile(dirname(path), target)),
  };
}

/** requirements*.txt: one PEP 508 requirement a line; `dev` when the file name says dev/test/lint/docs. */
export function parseRequirements(path: string, text: string): Manifest {
  const dev = /(^|[-_.])(dev|test|tests|testing|lint|docs?|ci)([-_.]|$)/i.test(basename(path));
  const dependencies: Dependency[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.replace(/(^|\s)#.*$/, "").trim();
    const egg = /#egg=([\w.-]+)/.exec(raw)?.[1];
    if (egg) dependencies.push({ name: egg, version: "", dev });
    else if (line !== "" && !line.startsWith("-")) {
      const requirement = pep508(line);
      if (requirement) dependencies.push({ ...requirement, dev });
    }
  }
  return { kind: "python", dependencies, scripts: {}, entryPoints: [] };
}

function pep621Dependencies(project: Table, toml: Table): Dependency[] {
  const found = requirements(project.dependencies, false);
  for (const [group, list] of Object.entries(table(project["optional-dependencies"]))) {
    found.push(...requirements(list, DEV_GROUP.test(group)));
  }
  for (const list of Object.values(table(toml["dependency-groups"]))) found.push(...requirements(list, true));
  return found;
}

function poetryDependencies(poetry: Table): Dependency[] {
  const found = poetryTable(poetry.dependencies, false).concat(poetryTable(poetry["dev-dependencies"], true));
  for (const [group, body] of Object.entries(table(poetry.group))) {
    found.push(...poetryTable(table(body).dependencies, group !== "main"));
  }
  return found;
}

function poetryTable(value: unknown, dev: boolean): Dependency[] {
  return Object.entries(table(value))
    .filter(([name]) => name.toLowerCase() !== "python")
    .map(([name, spec]) => ({ name, version: str(spec) ?? str(table(spec).version) ?? "", dev }));
}

function poetryScripts(poetry: Table): Record<string, string> {
  const scripts: Record<string, string> = {};
  for (const [name, spec] of Object.entries(table(poetry.scripts))) {
    const target = str(spec) ?? str(table(spec).callable) ?? str(table(spec).reference);
    if (target) scripts[name] = target;
  }
  return scripts;
}

function requirements(value: unknown, dev: boolean): Dependency[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((line) => {
    const requirement = typeof line === "string" ? pep508(line) : undefined;
    return requirement ? [{ ...requirement, dev }] : [];
  });
}

/** A PEP 508 requirement's name and version constraint (markers dropped). */
function pep508(line: string): { name: string; version: string } | undefined {
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*([^;]*)/.exec(line.trim());
  if (!m?.[1]) return undefined;
  return { name: m[1], version: (m[2] ?? "").trim().replace(/^\((.*)\)$/, "$1") };
}

/** `pkg.cli:main` → `pkg/cli.py` under the manifest's folder (the analyser checks it exists). */
function moduleFile(dir: string, target: string): string {
  const module = target.split(":")[0]?.trim() ?? target;
  return joinPath(dir, `${module.replace(/\./g, "/")}.py`);
}

function dedupe(dependencies: Dependency[]): Dependency[] {
  const seen = new Set<string>();
  return dependencies.filter((d) => {
    const key = `${d.name.toLowerCase()}|${d.dev}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function table(value: unknown): Table {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Table) : {};
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function stringsOf(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(table(value))) if (typeof v === "string") out[key] = v;
  return out;
}
