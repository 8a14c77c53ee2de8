import type { ManifestKind } from "../analysis/types.ts";
import { compare } from "./inputs.ts";
import { bullets, code, omitted, type PageWriter, sections, table, text } from "./markdown.ts";
import type { PlanContext } from "./plan-context.ts";
import { PAGE_TITLES, type PagePlan } from "./types.ts";

export interface GettingStartedData {
  kind: "getting-started";
  readme: string | null;
  toolchains: string[];
  manifests: {
    path: string;
    name: string | null;
    /** Null for a manifest nested under one of the same kind, which that one's install covers. */
    install: string | null;
    scripts: { name: string; command: string }[];
    omittedScripts: number;
  }[];
  entryPoints: { path: string; reason: string }[];
  tests: { files: number; frameworks: string[]; folders: string[]; command: string | null };
  configFiles: string[];
}

const MAX_MANIFESTS = 8;
const MAX_SCRIPTS = 20;
const CONFIG_FILE =
  /^(Dockerfile|Containerfile|(docker-)?compose\.ya?ml|Makefile|justfile|Procfile|\.env\.(example|sample|template)|\.nvmrc|\.node-version|\.python-version|\.tool-versions|rust-toolchain(\.toml)?)$/i;

const TOOLCHAIN: Record<ManifestKind, string> = {
  npm: "Node.js with npm",
  python: "Python with pip",
  go: "Go",
  cargo: "Rust with Cargo",
  maven: "Java with Maven",
  gradle: "Java or Kotlin with Gradle",
};

/** How to get the code running: toolchains, install commands, scripts, entry points, tests. */
export function planGettingStarted(context: PlanContext): PagePlan {
  const { analysis, facts } = context;
  const paths = new Set(facts.keys());
  const manifests = analysis.manifests
    .filter((m) => facts.has(m.path))
    .sort((a, b) => a.path.split("/").length - b.path.split("/").length || compare(a.path, b.path))
    .slice(0, MAX_MANIFESTS);
  const rootKinds = new Set(manifests.filter((m) => !m.path.includes("/")).map((m) => m.manifest.kind));
  const data: GettingStartedData = {
    kind: "getting-started",
    readme: context.readme ?? null,
    toolchains: [...new Set(analysis.manifests.map((m) => TOOLCHAIN[m.manifest.kind]))].sort(compare),
    manifests: manifests.map(({ path, manifest }) => {
      const scripts = Object.entries(manifest.scripts).map(([name, command]) => ({ name, command }));
      return {
        path,
        name: manifest.name ?? null,
        install:
          path.includes("/") && rootKinds.has(manifest.kind)
            ? null
            : installCommand(manifest.kind, path, paths),
        scripts: scripts.slice(0, MAX_SCRIPTS),
        omittedScripts: Math.max(0, scripts.length - MAX_SCRIPTS),
      };
    }),
    entryPoints: analysis.entryPoints.filter((e) => facts.has(e.path)).slice(0, 8),
    tests: {
      files: analysis.tests.files,
      frameworks: analysis.tests.frameworks,
      folders: analysis.tests.folders.slice(0, 5),
      command: testCommand(context),
    },
    configFiles: [...paths].filter((p) => CONFIG_FILE.test(p)).sort(compare),
  };
  const summarize = [
    context.readme,
    ...manifests.slice(0, 3).map((m) => m.path),
    ...data.configFiles.slice(0, 2),
  ].filter((p): p is string => !!p);
  const sources = [
    ...summarize,
    ...data.manifests.map((m) => m.path),
    ...data.entryPoints.map((e) => e.path),
  ];
  sources.push(...data.configFiles);
  return {
    path: "getting-started.md",
    kind: "getting-started",
    title: PAGE_TITLES["getting-started"],
    data,
    sources,
    summarize,
  };
}

function installCommand(kind: ManifestKind, manifestPath: string, paths: Set<string>): string {
  const dir = manifestPath.includes("/") ? manifestPath.slice(0, manifestPath.lastIndexOf("/") + 1) : "";
  const has = (name: string) => paths.has(dir + name);
  switch (kind) {
    case "npm":
      if (has("pnpm-lock.yaml")) return "pnpm install";
      if (has("yarn.lock")) return "yarn install";
      return has("package-lock.json") ? "npm ci" : "npm install";
    case "python":
      return manifestPath.endsWith(".txt")
        ? `pip install -r ${manifestPath}`
        : `pip install -e ${dir || "."}`;
    case "go":
      return "go mod download";
    case "cargo":
      return "cargo build";
    case "maven":
      return "mvn install";
    case "gradle":
      return has("gradlew") ? "./gradlew build" : "gradle build";
  }
}

function testCommand(context: PlanContext): string | null {
  const root = context.analysis.manifests.find((m) => !m.path.includes("/") && m.manifest.scripts.test);
  if (root?.manifest.kind === "npm") return "npm test";
  const frameworks = context.analysis.tests.frameworks.map((f) => f.toLowerCase());
  if (frameworks.includes("pytest")) return "pytest";
  if (frameworks.some((f) => f.startsWith("go"))) return "go test ./...";
  if (frameworks.includes("cargo test")) return "cargo test";
  return null;
}

export function renderGettingStarted(data: GettingStartedData, w: PageWriter): string {
  return sections(
    data.readme && `Start with the project's own introduction: ${w.file(data.readme)}.`,
    data.toolchains.length > 0 && `## Prerequisites\n\n${bullets(data.toolchains.map(text))}`,
    data.manifests.length > 0 &&
      `## Install and run\n\n${data.manifests.map((m) => manifestSection(m, w)).join("\n\n")}`,
    data.entryPoints.length > 0 &&
      `## Entry points\n\n${bullets(data.entryPoints.map((e) => `${w.file(e.path)}: ${text(e.reason)}`))}`,
    data.tests.files > 0 && `## Tests\n\n${testsSection(data.tests)}`,
    data.configFiles.length > 0 &&
      `## Configuration and tooling files\n\n${bullets(data.configFiles.map((p) => w.file(p)))}`,
  );
}

function manifestSection(m: GettingStartedData["manifests"][number], w: PageWriter): string {
  const heading = `### ${m.name ? `${text(m.name)} (${w.file(m.path)})` : w.file(m.path)}`;
  const scripts =
    m.scripts.length > 0
      ? table(
          ["Script", "Command"],
          m.scripts.map((s) => [code(s.name), code(s.command)]),
        )
      : "";
  const install = m.install ? `Install: ${code(m.install)}` : "Installed with the repository root.";
  return sections(heading, install, scripts, omitted(m.omittedScripts, "scripts"));
}

function testsSection(tests: GettingStartedData["tests"]): string {
  const lines = [
    `${tests.files} test files${tests.frameworks.length ? ` (${text(tests.frameworks.join(", "))})` : ""}.`,
  ];
  if (tests.folders.length > 0) lines.push(`Tests live in ${tests.folders.map((f) => code(f)).join(", ")}.`);
  if (tests.command) lines.push(`Run them with ${code(tests.command)}.`);
  return lines.join(" ");
}
