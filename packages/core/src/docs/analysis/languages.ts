/**
 * Language by file name. A compact table rather than the full Linguist data: that package is
 * 6.7 MB over 1,600 files and leaves common extensions ambiguous (`.md`, `.h`, `.ts`, `.yml`)
 * without Linguist's content heuristics, so it would not answer better for the languages a
 * documentation page talks about.
 */

export type LanguageKind = "programming" | "markup" | "data" | "prose";

interface LanguageInfo {
  name: string;
  kind: LanguageKind;
}

const BY_EXTENSION: Record<string, [string, LanguageKind]> = {
  ts: ["TypeScript", "programming"],
  mts: ["TypeScript", "programming"],
  cts: ["TypeScript", "programming"],
  tsx: ["TSX", "programming"],
  js: ["JavaScript", "programming"],
  mjs: ["JavaScript", "programming"],
  cjs: ["JavaScript", "programming"],
  jsx: ["JavaScript", "programming"],
  vue: ["Vue", "markup"],
  svelte: ["Svelte", "markup"],
  py: ["Python", "programming"],
  pyi: ["Python", "programming"],
  go: ["Go", "programming"],
  rs: ["Rust", "programming"],
  java: ["Java", "programming"],
  kt: ["Kotlin", "programming"],
  kts: ["Kotlin", "programming"],
  scala: ["Scala", "programming"],
  groovy: ["Groovy", "programming"],
  gradle: ["Groovy", "programming"],
  c: ["C", "programming"],
  h: ["C", "programming"],
  cc: ["C++", "programming"],
  cpp: ["C++", "programming"],
  cxx: ["C++", "programming"],
  hpp: ["C++", "programming"],
  hh: ["C++", "programming"],
  cs: ["C#", "programming"],
  fs: ["F#", "programming"],
  swift: ["Swift", "programming"],
  m: ["Objective-C", "programming"],
  rb: ["Ruby", "programming"],
  php: ["PHP", "programming"],
  pl: ["Perl", "programming"],
  lua: ["Lua", "programming"],
  r: ["R", "programming"],
  dart: ["Dart", "programming"],
  ex: ["Elixir", "programming"],
  exs: ["Elixir", "programming"],
  erl: ["Erlang", "programming"],
  hs: ["Haskell", "programming"],
  clj: ["Clojure", "programming"],
  ml: ["OCaml", "programming"],
  zig: ["Zig", "programming"],
  sh: ["Shell", "programming"],
  bash: ["Shell", "programming"],
  zsh: ["Shell", "programming"],
  ps1: ["PowerShell", "programming"],
  sql: ["SQL", "data"],
  tf: ["HCL", "programming"],
  hcl: ["HCL", "programming"],
  proto: ["Protocol Buffer", "data"],
  graphql: ["GraphQL", "data"],
  gql: ["GraphQL", "data"],
  html: ["HTML", "markup"],
  htm: ["HTML", "markup"],
  css: ["CSS", "markup"],
  scss: ["SCSS", "markup"],
  sass: ["Sass", "markup"],
  less: ["Less", "markup"],
  md: ["Markdown", "prose"],
  markdown: ["Markdown", "prose"],
  mdx: ["MDX", "prose"],
  rst: ["reStructuredText", "prose"],
  txt: ["Text", "prose"],
  adoc: ["AsciiDoc", "prose"],
  json: ["JSON", "data"],
  jsonc: ["JSON", "data"],
  json5: ["JSON", "data"],
  yaml: ["YAML", "data"],
  yml: ["YAML", "data"],
  toml: ["TOML", "data"],
  xml: ["XML", "data"],
  ini: ["INI", "data"],
  cfg: ["INI", "data"],
  csv: ["CSV", "data"],
  svg: ["SVG", "data"],
};

const BY_NAME: Record<string, [string, LanguageKind]> = {
  dockerfile: ["Dockerfile", "programming"],
  containerfile: ["Dockerfile", "programming"],
  makefile: ["Makefile", "programming"],
  gnumakefile: ["Makefile", "programming"],
  "cmakelists.txt": ["CMake", "programming"],
  gemfile: ["Ruby", "programming"],
  rakefile: ["Ruby", "programming"],
  jenkinsfile: ["Groovy", "programming"],
  "go.mod": ["Go Module", "data"],
  "go.sum": ["Go Checksums", "data"],
  "requirements.txt": ["Pip Requirements", "data"],
  ".gitignore": ["Ignore List", "data"],
  ".dockerignore": ["Ignore List", "data"],
  ".npmignore": ["Ignore List", "data"],
  ".bashrc": ["Shell", "programming"],
  ".env": ["Dotenv", "data"],
  ".env.example": ["Dotenv", "data"],
};

/** The language of a file from its name alone; `null` when the table does not know it. */
export function languageOf(path: string): LanguageInfo | null {
  const name = (path.split("/").pop() ?? path).toLowerCase();
  const known = BY_NAME[name] ?? byNamePattern(name) ?? BY_EXTENSION[extensionOf(name)];
  return known ? { name: known[0], kind: known[1] } : null;
}

function byNamePattern(name: string): [string, LanguageKind] | undefined {
  if (name.startsWith("dockerfile.") || name.endsWith(".dockerfile")) return BY_NAME.dockerfile;
  if (/^requirements.*\.txt$/.test(name)) return BY_NAME["requirements.txt"];
  if (name.startsWith(".env.")) return BY_NAME[".env"];
  return undefined;
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot + 1) : "";
}

const KIND_BY_NAME = new Map<string, LanguageKind>(
  [...Object.values(BY_EXTENSION), ...Object.values(BY_NAME)].map(([name, kind]) => [name, kind]),
);

/** Whether a language name (as {@link languageOf} gives it) is code rather than data or prose. */
export function isProgrammingLanguage(language: string | null): boolean {
  return language !== null && KIND_BY_NAME.get(language) === "programming";
}
