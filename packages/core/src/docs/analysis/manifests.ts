import { parseCargoToml } from "./manifest-cargo.ts";
import { parseGoMod } from "./manifest-go.ts";
import { parseGradle, parsePom } from "./manifest-jvm.ts";
import { parsePackageJson } from "./manifest-npm.ts";
import { parsePyproject, parseRequirements } from "./manifest-python.ts";
import { basename } from "./paths.ts";
import type { Manifest } from "./types.ts";

/** The manifest a file is, parsed; `undefined` when it is none the analyser knows or it does not parse. */
export function parseManifest(path: string, text: string): Manifest | undefined {
  const name = basename(path);
  if (name === "package.json") return parsePackageJson(path, text);
  if (name === "pyproject.toml") return parsePyproject(path, text);
  if (/^requirements.*\.txt$/i.test(name)) return parseRequirements(path, text);
  if (name === "go.mod") return parseGoMod(text);
  if (name === "Cargo.toml") return parseCargoToml(path, text);
  if (name === "pom.xml") return parsePom(text);
  if (name === "build.gradle" || name === "build.gradle.kts") return parseGradle(text);
  return undefined;
}
