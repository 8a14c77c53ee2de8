import { XMLParser } from "fast-xml-parser";
import type { Dependency, Manifest } from "./types.ts";

type Node = Record<string, unknown>;

const pomParser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  isArray: (name) => name === "dependency",
});

/** pom.xml: `groupId:artifactId`, description and the project's own dependencies (scope `test` is dev). */
export function parsePom(text: string): Manifest | undefined {
  let project: Node;
  try {
    project = node((pomParser.parse(text) as Node).project);
  } catch {
    return undefined;
  }
  const groupId = str(project.groupId) ?? str(node(project.parent).groupId);
  const artifactId = str(project.artifactId);
  const description = str(project.description) ?? str(project.name);
  const listed = node(project.dependencies).dependency;
  const dependencies = (Array.isArray(listed) ? listed : []).map(node).map(
    (d): Dependency => ({
      name: [str(d.groupId), str(d.artifactId)].filter(Boolean).join(":"),
      version: str(d.version) ?? "",
      dev: str(d.scope) === "test",
    }),
  );
  return {
    kind: "maven",
    ...(artifactId ? { name: groupId ? `${groupId}:${artifactId}` : artifactId } : {}),
    ...(description ? { description: description.replace(/\s+/g, " ").trim() } : {}),
    dependencies: dependencies.filter((d) => d.name !== ""),
    scripts: {},
    entryPoints: [],
  };
}

const GRADLE_CONFIGURATION =
  /^(implementation|api|compile|compileOnly|runtimeOnly|annotationProcessor|kapt|ksp|developmentOnly|test\w*|androidTest\w*)$/;
const COORDINATES = /^\s*(\w+)\s*\(?\s*(?:(?:platform|enforcedPlatform)\s*\(\s*)?["']([^"'\s]+)["']/;
const MAP_NOTATION =
  /^\s*(\w+)\s*\(?\s*group\s*[:=]\s*["']([^"']+)["']\s*,\s*name\s*[:=]\s*["']([^"']+)["'](?:\s*,\s*version\s*[:=]\s*["']([^"']+)["'])?/;
const CATALOG = /^\s*(\w+)\s*\(\s*(libs\.[\w.]+)\s*\)/;

/** build.gradle / build.gradle.kts: dependency lines in string, map or version-catalog notation. */
export function parseGradle(text: string): Manifest {
  const dependencies: Dependency[] = [];
  for (const line of text.split("\n")) {
    const found = gradleDependency(line);
    if (found && GRADLE_CONFIGURATION.test(found.configuration)) {
      const dev = /^(test|androidTest|developmentOnly)/.test(found.configuration);
      dependencies.push({ name: found.name, version: found.version, dev });
    }
  }
  return { kind: "gradle", dependencies, scripts: {}, entryPoints: [] };
}

function gradleDependency(
  line: string,
): { configuration: string; name: string; version: string } | undefined {
  const map = MAP_NOTATION.exec(line);
  if (map) return { configuration: map[1] ?? "", name: `${map[2]}:${map[3]}`, version: map[4] ?? "" };
  const coordinates = COORDINATES.exec(line);
  const parts = coordinates?.[2]?.split(":");
  if (coordinates && parts && parts.length >= 2) {
    return { configuration: coordinates[1] ?? "", name: `${parts[0]}:${parts[1]}`, version: parts[2] ?? "" };
  }
  const catalog = CATALOG.exec(line);
  if (catalog) return { configuration: catalog[1] ?? "", name: catalog[2] ?? "", version: "" };
  return undefined;
}

function node(value: unknown): Node {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Node) : {};
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}
